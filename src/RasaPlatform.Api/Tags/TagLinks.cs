using System.Globalization;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Api.Tags;

/// <summary>
/// Tagging and untagging a conversation for one request, with the token's assistant limits applied: the one
/// definition the REST routes and Studio's GraphQL mutations share, down to their messages.
/// </summary>
/// <remarks>
/// To a token limited to assistants, another assistant's conversations and tags do not exist: tagging answers as for
/// unknown ones, looking at the conversation first, and untagging changes nothing and succeeds.
/// </remarks>
internal sealed class TagLinks(TagService tags, ConversationAccess access)
{
    /// <summary>The field naming a tag id in both APIs.</summary>
    public const string TagIdField = "tagId";

    /// <summary>Tags the conversation; the outcome carries the message an error answers with.</summary>
    /// <exception cref="InvalidEventException">The sender id or the tag id is not acceptable.</exception>
    public async Task<TagLinkOutcome> TagAsync(string senderId, string senderIdField, long tagId, CancellationToken cancellationToken)
    {
        Checked(tagId);
        if (await HiddenAsync(senderId, cancellationToken).ConfigureAwait(false))
        {
            return NoSuchConversation(senderId, senderIdField);
        }

        if (!await ReachableAsync(tagId, cancellationToken).ConfigureAwait(false))
        {
            // As for an unknown tag id: the conversation is looked at first.
            return await access.AssistantOfAsync(senderId, cancellationToken).ConfigureAwait(false) is null
                ? NoSuchConversation(senderId, senderIdField)
                : NoSuchTag(tagId);
        }

        var tagging = await tags.TagAsync(senderId, tagId, cancellationToken).ConfigureAwait(false);
        return tagging.Result switch
        {
            TagLinkResult.Linked => new(TagLinkResult.Linked, "", ""),
            TagLinkResult.NoSuchConversation => NoSuchConversation(senderId, senderIdField),
            TagLinkResult.NoSuchTag => NoSuchTag(tagId),
            TagLinkResult.OtherAssistant => new(
                TagLinkResult.OtherAssistant,
                TagIdField,
                $"Tag {Id(tagId)} belongs to assistant '{tagging.TagAssistant}'; conversation '{senderId}' belongs to assistant '{tagging.ConversationAssistant}'."),
            TagLinkResult.ConversationChanged => new(
                TagLinkResult.ConversationChanged,
                senderIdField,
                $"Conversation '{senderId}' kept being written while its assistant was checked; nothing changed. Try again."),
            _ => throw new ArgumentOutOfRangeException(nameof(tagId), tagging.Result, null),
        };
    }

    /// <summary>Untags the conversation when the token reaches both; succeeds whether or not anything changed.</summary>
    /// <exception cref="InvalidEventException">The sender id or the tag id is not acceptable.</exception>
    public async Task UntagAsync(string senderId, long tagId, CancellationToken cancellationToken)
    {
        Checked(tagId);
        if (!await HiddenAsync(senderId, cancellationToken).ConfigureAwait(false) && await ReachableAsync(tagId, cancellationToken).ConfigureAwait(false))
        {
            await tags.UntagAsync(senderId, tagId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether the token may reach the tag: always when it is not limited; otherwise when the tag exists and
    /// belongs to one of its assistants (a tag of another assistant answers as an unknown one).
    /// </summary>
    public async Task<bool> ReachableAsync(long tagId, CancellationToken cancellationToken) =>
        !access.Access.IsLimited
        || (await tags.GetAsync(tagId, cancellationToken).ConfigureAwait(false) is { } tag && access.Access.IsAllowed(tag.Assistant));

    /// <summary>The message for a tag id no tag the token reaches has.</summary>
    public static string NoSuchTagMessage(long tagId) => $"No tag has id {Id(tagId)}.";

    /// <summary>The message for a sender id no conversation the token reaches has.</summary>
    public static string NoSuchConversationMessage(string senderId) => $"No conversation with sender id '{senderId}' is stored.";

    /// <summary>A tag id as both APIs accept it: positive.</summary>
    /// <exception cref="InvalidEventException">It is not.</exception>
    public static long Checked(long tagId) =>
        tagId > 0 ? tagId : throw new InvalidEventException(TagIdField, $"'{TagIdField}' must be a positive integer.");

    /// <summary>Whether the conversation is stored for an assistant the token may not reach.</summary>
    private async Task<bool> HiddenAsync(string senderId, CancellationToken cancellationToken)
    {
        Core.Conversations.SenderIds.Validate(senderId);
        return await access.IsHiddenAsync(senderId, cancellationToken).ConfigureAwait(false);
    }

    private static TagLinkOutcome NoSuchConversation(string senderId, string field) =>
        new(TagLinkResult.NoSuchConversation, field, NoSuchConversationMessage(senderId));

    private static TagLinkOutcome NoSuchTag(long tagId) => new(TagLinkResult.NoSuchTag, TagIdField, NoSuchTagMessage(tagId));

    private static string Id(long tagId) => tagId.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What tagging did: the result, and for any other than <see cref="TagLinkResult.Linked"/>, the field at fault and the message.</summary>
internal sealed record TagLinkOutcome(TagLinkResult Result, string Field, string Message);
