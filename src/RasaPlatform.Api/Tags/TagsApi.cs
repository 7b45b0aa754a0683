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
internal sealed class TagsApi(TagService tags, TagLinks links, ConversationAccess access) : ITagsController
{
    private const string NameField = "name";

    public async Task<IActionResult> TagConversationAsync(string sender_id, long tagId, CancellationToken cancellationToken)
    {
        var outcome = await links.TagAsync(sender_id, nameof(sender_id), tagId, cancellationToken).ConfigureAwait(false);
        return outcome.Result switch
        {
            TagLinkResult.Linked => new NoContentResult(),
            TagLinkResult.NoSuchConversation or TagLinkResult.NoSuchTag => Problems.NotFound(outcome.Field, outcome.Message),
            _ => Problems.Conflict(outcome.Field, outcome.Message),
        };
    }

    public async Task<IActionResult> UntagConversationAsync(string sender_id, long tagId, CancellationToken cancellationToken)
    {
        await links.UntagAsync(sender_id, tagId, cancellationToken).ConfigureAwait(false);
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
        if (!await links.ReachableAsync(Checked(tagId), cancellationToken).ConfigureAwait(false))
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
        await links.ReachableAsync(Checked(tagId), cancellationToken).ConfigureAwait(false)
        && await tags.DeleteAsync(tagId, cancellationToken).ConfigureAwait(false)
            ? new NoContentResult()
            : NoSuchTag(tagId);

    private static long Checked(long tagId) => TagLinks.Checked(tagId);

    private static ObjectResult NoSuchTag(long tagId) => Problems.NotFound(TagLinks.TagIdField, TagLinks.NoSuchTagMessage(tagId));

    private static string Id(long tagId) => tagId.ToString(CultureInfo.InvariantCulture);
}
