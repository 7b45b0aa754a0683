using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Tags;
using ConversationTag = RasaPlatform.Api.Generated.ConversationTag;

namespace RasaPlatform.Api.Tags;

/// <summary>
/// Conversation tags per assistant (Rasa Studio's Conversation API): list, create, rename, delete; tagging that succeeds
/// when already tagged, and untagging that always succeeds.
/// </summary>
internal sealed class TagsApi(TagService tags) : ITagsController
{
    private const string TagIdField = "tagId";
    private const string NameField = "name";

    public async Task<IActionResult> TagConversationAsync(string sender_id, long tagId, CancellationToken cancellationToken)
    {
        var tagging = await tags.TagAsync(sender_id, Checked(tagId), cancellationToken).ConfigureAwait(false);
        return tagging.Result switch
        {
            TagLinkResult.Linked => new NoContentResult(),
            TagLinkResult.NoSuchConversation => Problems.NotFound(nameof(sender_id), $"No conversation with sender id '{sender_id}' is stored."),
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
        await tags.UntagAsync(sender_id, Checked(tagId), cancellationToken).ConfigureAwait(false);
        return new NoContentResult();
    }

    public async Task<ActionResult<ICollection<ConversationTag>>> ListTagsAsync(string assistantName, CancellationToken cancellationToken) =>
        (await tags.ListAsync(assistantName, nameof(assistantName), cancellationToken).ConfigureAwait(false)).Select(TagContracts.From).ToList();

    public async Task<ActionResult<ConversationTag>> CreateTagAsync(ConversationTagCreation body, CancellationToken cancellationToken)
    {
        var saved = await tags.CreateAsync(body.AssistantName, body.Name, cancellationToken).ConfigureAwait(false);
        return saved is { Result: TagSaveResult.Saved, Tag: { } tag }
            ? new CreatedResult($"/api/conversationTags/{Id(tag.Id)}", TagContracts.From(tag))
            : Problems.Conflict(NameField, $"Assistant '{body.AssistantName}' has a tag named '{body.Name.Trim()}' already.");
    }

    public async Task<ActionResult<ConversationTag>> GetTagAsync(long tagId, CancellationToken cancellationToken) =>
        await tags.GetAsync(Checked(tagId), cancellationToken).ConfigureAwait(false) is { } tag
            ? TagContracts.From(tag)
            : NoSuchTag(tagId);

    public async Task<ActionResult<ConversationTag>> RenameTagAsync(long tagId, ConversationTagRename body, CancellationToken cancellationToken)
    {
        var saved = await tags.RenameAsync(Checked(tagId), body.Name, cancellationToken).ConfigureAwait(false);
        return saved switch
        {
            { Result: TagSaveResult.Saved, Tag: { } tag } => TagContracts.From(tag),
            { Result: TagSaveResult.NoSuchTag } => NoSuchTag(tagId),
            _ => Problems.Conflict(NameField, $"Another tag of the assistant of tag {Id(tagId)} is named '{body.Name.Trim()}'."),
        };
    }

    public async Task<IActionResult> DeleteTagAsync(long tagId, CancellationToken cancellationToken) =>
        await tags.DeleteAsync(Checked(tagId), cancellationToken).ConfigureAwait(false) ? new NoContentResult() : NoSuchTag(tagId);

    private static long Checked(long tagId) =>
        tagId > 0 ? tagId : throw new InvalidEventException(TagIdField, $"'{TagIdField}' must be a positive integer.");

    private static ObjectResult NoSuchTag(long tagId) => Problems.NotFound(TagIdField, $"No tag has id {Id(tagId)}.");

    private static string Id(long tagId) => tagId.ToString(CultureInfo.InvariantCulture);
}
