using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Tags;

/// <summary>Conversation tags with Rasa Studio's semantics: per assistant, idempotent tagging, lenient untagging.</summary>
public sealed class TagService(ITagStore tags, MetadataProjector projector)
{
    /// <summary>How often tagging determines a conversation's assistant again when writes keep changing it.</summary>
    public const int MaxAttempts = 5;

    /// <summary>The assistant's tags, ordinally by name.</summary>
    /// <exception cref="Events.InvalidEventException">The assistant name is not acceptable.</exception>
    public Task<IReadOnlyList<ConversationTag>> ListAsync(string? assistant, string field, CancellationToken cancellationToken) =>
        tags.ListAsync(TagArguments.Assistant(field, assistant), cancellationToken);

    /// <summary>Creates a tag; <see cref="TagSaveResult.DuplicateName"/> when the assistant has one of that name.</summary>
    /// <exception cref="Events.InvalidEventException">The assistant or tag name is not acceptable.</exception>
    public Task<TagSave> CreateAsync(string? assistant, string? name, CancellationToken cancellationToken) =>
        tags.CreateAsync(TagArguments.Assistant("assistantName", assistant), TagArguments.Name("name", name), cancellationToken);

    /// <summary>The tag, or null when no tag has the id.</summary>
    public Task<ConversationTag?> GetAsync(long tagId, CancellationToken cancellationToken) => tags.GetAsync(tagId, cancellationToken);

    /// <summary>Deletes the tag and takes it off every conversation; false when no tag has the id.</summary>
    public Task<bool> DeleteAsync(long tagId, CancellationToken cancellationToken) => tags.DeleteAsync(tagId, cancellationToken);

    /// <summary>Renames a tag; its links stay.</summary>
    /// <exception cref="Events.InvalidEventException">The name is not acceptable.</exception>
    public Task<TagSave> RenameAsync(long tagId, string? name, CancellationToken cancellationToken) =>
        tags.RenameAsync(tagId, TagArguments.Name("name", name), cancellationToken);

    /// <summary>Puts the tag on the conversation, if the conversation belongs to the tag's assistant.</summary>
    /// <remarks>
    /// The conversation's assistant is the one the metadata job saved when that is current, else it is folded from the
    /// events as the job would. The store checks that no write came in between; if one did, this starts over, up to
    /// <see cref="MaxAttempts"/> times, and then answers <see cref="TagLinkResult.ConversationChanged"/>.
    /// </remarks>
    /// <returns>The outcome; <see cref="TagLinkResult.Linked"/> also when the conversation carried the tag already.</returns>
    /// <exception cref="Events.InvalidEventException">The sender id is not acceptable.</exception>
    public async Task<Tagging> TagAsync(string senderId, long tagId, CancellationToken cancellationToken)
    {
        SenderIds.Validate(senderId);
        string? assistant = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await tags.FindConversationAsync(senderId, cancellationToken).ConfigureAwait(false) is not { } conversation)
            {
                return new Tagging(TagLinkResult.NoSuchConversation);
            }

            assistant = conversation.Assistant
                ?? (await projector.BuildAsync(senderId, cancellationToken).ConfigureAwait(false)).AssistantId!;
            var result = await tags.LinkAsync(senderId, tagId, assistant, conversation.Revision, cancellationToken).ConfigureAwait(false);
            if (result == TagLinkResult.OtherAssistant)
            {
                var tag = await tags.GetAsync(tagId, cancellationToken).ConfigureAwait(false);
                return new Tagging(result, assistant, tag?.Assistant);
            }

            if (result != TagLinkResult.ConversationChanged)
            {
                return new Tagging(result, assistant);
            }
        }

        return new Tagging(TagLinkResult.ConversationChanged, assistant);
    }

    /// <summary>Takes the tag off the conversation; succeeds also when it was not on it, or either is unknown.</summary>
    /// <exception cref="Events.InvalidEventException">The sender id is not acceptable.</exception>
    public Task UntagAsync(string senderId, long tagId, CancellationToken cancellationToken)
    {
        SenderIds.Validate(senderId);
        return tags.UnlinkAsync(senderId, tagId, cancellationToken);
    }
}
