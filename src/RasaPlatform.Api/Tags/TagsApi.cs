using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Tags;
using ConversationTag = RasaPlatform.Api.Generated.ConversationTag;

namespace RasaPlatform.Api.Tags;

/// <summary>
/// Conversation tags per assistant (Rasa Studio's Conversation API): list, create, rename, delete; tagging that succeeds
/// when already tagged, and untagging that always succeeds.
/// </summary>
/// <remarks>
/// To a token limited to assistants, another assistant's tags and conversations do not exist: they answer as unknown
/// ones do (a tag list or an untagging of nothing, a 404 for a tag id or a conversation), and creating a tag for
/// another assistant is a 403.
/// </remarks>
internal sealed class TagsApi(TagService tags, ConversationAccess access) : ITagsController
{
    private const string TagIdField = "tagId";
    private const string NameField = "name";

    public async Task<IActionResult> TagConversationAsync(string sender_id, long tagId, CancellationToken cancellationToken)
    {
        Checked(tagId);
        if (await HiddenAsync(sender_id, cancellationToken).ConfigureAwait(false))
        {
            return NoSuchConversation(sender_id);
        }

        if (!await ReachableAsync(tagId, cancellationToken).ConfigureAwait(false))
        {
            // As for an unknown tag id: the conversation is looked at first.
            return await access.AssistantOfAsync(sender_id, cancellationToken).ConfigureAwait(false) is null
                ? NoSuchConversation(sender_id)
                : NoSuchTag(tagId);
        }

        var tagging = await tags.TagAsync(sender_id, tagId, cancellationToken).ConfigureAwait(false);
        return tagging.Result switch
        {
            TagLinkResult.Linked => new NoContentResult(),
            TagLinkResult.NoSuchConversation => NoSuchConversation(sender_id),
            TagLinkResult.NoSuchTag => NoSuchTag(tagId),
            TagLinkResult.OtherAssistant => Problems.Conflict(
                TagIdField,
                $"Tag {Id(tagId)} belongs to assistant '{tagging.TagAssistant}'; conversation '{sender_id}' belongs to assistant '{tagging.ConversationAssistant}'."),
            TagLinkResult.ConversationChanged => Problems.Conflict(
                nameof(sender_id),
                $"Conversation '{sender_id}' kept being written while its assistant was checked; nothing changed. Try again."),
            _ => throw new ArgumentOutOfRangeException(nameof(tagId), tagging.Result, null),
        };
    }

    public async Task<IActionResult> UntagConversationAsync(string sender_id, long tagId, CancellationToken cancellationToken)
    {
        Checked(tagId);
        if (!await HiddenAsync(sender_id, cancellationToken).ConfigureAwait(false) && await ReachableAsync(tagId, cancellationToken).ConfigureAwait(false))
        {
            await tags.UntagAsync(sender_id, tagId, cancellationToken).ConfigureAwait(false);
        }

        return new NoContentResult();
    }

    public async Task<ActionResult<ICollection<ConversationTag>>> ListTagsAsync(string assistantName, CancellationToken cancellationToken)
    {
        var assistant = TagArguments.Assistant(nameof(assistantName), assistantName);
        return access.Access.IsAllowed(assistant)
            ? (await tags.ListAsync(assistant, nameof(assistantName), cancellationToken).ConfigureAwait(false)).Select(TagContracts.From).ToList()
            : new List<ConversationTag>();
    }

    public async Task<ActionResult<ConversationTag>> CreateTagAsync(ConversationTagCreation body, CancellationToken cancellationToken)
    {
        var assistant = TagArguments.Assistant("assistantName", body.AssistantName);
        TagArguments.Name(NameField, body.Name);
        if (!access.Access.IsAllowed(assistant))
        {
            return Problems.Problem(
                StatusCodes.Status403Forbidden,
                "Forbidden",
                $"This token is limited to assistants {string.Join(", ", access.Access.Assistants)}; it may not create tags of assistant '{assistant}'.");
        }

        var saved = await tags.CreateAsync(body.AssistantName, body.Name, cancellationToken).ConfigureAwait(false);
        return saved is { Result: TagSaveResult.Saved, Tag: { } tag }
            ? new CreatedResult($"/api/conversationTags/{Id(tag.Id)}", TagContracts.From(tag))
            : Problems.Conflict(NameField, $"Assistant '{body.AssistantName}' has a tag named '{body.Name.Trim()}' already.");
    }

    public async Task<ActionResult<ConversationTag>> GetTagAsync(long tagId, CancellationToken cancellationToken) =>
        await tags.GetAsync(Checked(tagId), cancellationToken).ConfigureAwait(false) is { } tag && access.Access.IsAllowed(tag.Assistant)
            ? TagContracts.From(tag)
            : NoSuchTag(tagId);

    public async Task<ActionResult<ConversationTag>> RenameTagAsync(long tagId, ConversationTagRename body, CancellationToken cancellationToken)
    {
        if (!await ReachableAsync(Checked(tagId), cancellationToken).ConfigureAwait(false))
        {
            TagArguments.Name(NameField, body.Name);
            return NoSuchTag(tagId);
        }

        var saved = await tags.RenameAsync(Checked(tagId), body.Name, cancellationToken).ConfigureAwait(false);
        return saved switch
        {
            { Result: TagSaveResult.Saved, Tag: { } tag } => TagContracts.From(tag),
            { Result: TagSaveResult.NoSuchTag } => NoSuchTag(tagId),
            _ => Problems.Conflict(NameField, $"Another tag of the assistant of tag {Id(tagId)} is named '{body.Name.Trim()}'."),
        };
    }

    public async Task<IActionResult> DeleteTagAsync(long tagId, CancellationToken cancellationToken) =>
        await ReachableAsync(Checked(tagId), cancellationToken).ConfigureAwait(false)
        && await tags.DeleteAsync(tagId, cancellationToken).ConfigureAwait(false)
            ? new NoContentResult()
            : NoSuchTag(tagId);

    /// <summary>Whether the conversation is stored for an assistant the token may not reach.</summary>
    private async Task<bool> HiddenAsync(string senderId, CancellationToken cancellationToken)
    {
        Core.Conversations.SenderIds.Validate(senderId);
        return await access.IsHiddenAsync(senderId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the token may reach the tag: always when it is not limited; otherwise when the tag exists and
    /// belongs to one of its assistants (a tag of another assistant answers as an unknown one).
    /// </summary>
    private async Task<bool> ReachableAsync(long tagId, CancellationToken cancellationToken) =>
        !access.Access.IsLimited
        || (await tags.GetAsync(tagId, cancellationToken).ConfigureAwait(false) is { } tag && access.Access.IsAllowed(tag.Assistant));

    private static ObjectResult NoSuchConversation(string senderId) =>
        Problems.NotFound("sender_id", $"No conversation with sender id '{senderId}' is stored.");

    private static long Checked(long tagId) =>
        tagId > 0 ? tagId : throw new InvalidEventException(TagIdField, $"'{TagIdField}' must be a positive integer.");

    private static ObjectResult NoSuchTag(long tagId) => Problems.NotFound(TagIdField, $"No tag has id {Id(tagId)}.");

    private static string Id(long tagId) => tagId.ToString(CultureInfo.InvariantCulture);
}
