using RasaPlatform.Core.Tags;

namespace RasaPlatform.Core.Storage;

/// <summary>Conversation tags per assistant, and which conversations carry them (Rasa Studio's conversation tags).</summary>
/// <remarks>
/// <para>
/// A tag belongs to one assistant and its name is unique within that assistant (ordinal comparison). Ids are never
/// reused, so an id kept by a client after its tag was deleted names nothing rather than a newer tag.
/// </para>
/// <para>
/// A link ties a tag to a conversation of the tag's assistant. <see cref="LinkAsync"/> checks the assistant, the tag
/// and the conversation's revision in the transaction that stores the link, so a write that could move the
/// conversation to another assistant cannot slip in between. Deleting a tag deletes its links; deleting a conversation
/// (<see cref="IConversationStore.DeleteAsync"/>) deletes its links. Every change is durable when its task completes.
/// </para>
/// </remarks>
public interface ITagStore
{
    /// <summary>The assistant's tags, ordinally by name; empty for an assistant without tags.</summary>
    Task<IReadOnlyList<ConversationTag>> ListAsync(string assistant, CancellationToken cancellationToken);

    /// <summary>The tag, or null when no tag has the id.</summary>
    Task<ConversationTag?> GetAsync(long tagId, CancellationToken cancellationToken);

    /// <summary>Creates a tag of the assistant with the name (already checked by <see cref="TagArguments.Name"/>).</summary>
    /// <returns>The new tag, or <see cref="TagSaveResult.DuplicateName"/> when the assistant has a tag of that name.</returns>
    Task<TagSave> CreateAsync(string assistant, string name, CancellationToken cancellationToken);

    /// <summary>Gives the tag a new name (already checked); renaming a tag to its own name changes nothing.</summary>
    /// <returns>
    /// The renamed tag; <see cref="TagSaveResult.NoSuchTag"/>, or <see cref="TagSaveResult.DuplicateName"/> when another
    /// tag of its assistant has the name.
    /// </returns>
    Task<TagSave> RenameAsync(long tagId, string name, CancellationToken cancellationToken);

    /// <summary>Deletes the tag and every link to it, atomically.</summary>
    /// <returns>Whether the tag existed.</returns>
    Task<bool> DeleteAsync(long tagId, CancellationToken cancellationToken);

    /// <summary>The conversation's revision and, if current, its projected assistant; null when nothing is stored for it.</summary>
    Task<TaggableConversation?> FindConversationAsync(string senderId, CancellationToken cancellationToken);

    /// <summary>Puts the tag on the conversation if it belongs to <paramref name="assistant"/>; idempotent.</summary>
    /// <param name="senderId">The conversation.</param>
    /// <param name="tagId">The tag.</param>
    /// <param name="assistant">The conversation's assistant as of <paramref name="revision"/>.</param>
    /// <param name="revision">The revision <paramref name="assistant"/> was determined at (<see cref="FindConversationAsync"/>).</param>
    /// <param name="cancellationToken">Cancels before the link commits; then nothing changes.</param>
    /// <returns>
    /// <see cref="TagLinkResult.Linked"/> once the link is durable, also when it existed. The checks run in this order,
    /// and any other result changes nothing: <see cref="TagLinkResult.NoSuchConversation"/>,
    /// <see cref="TagLinkResult.ConversationChanged"/> (the revision is no longer <paramref name="revision"/>),
    /// <see cref="TagLinkResult.NoSuchTag"/>, <see cref="TagLinkResult.OtherAssistant"/>.
    /// </returns>
    Task<TagLinkResult> LinkAsync(string senderId, long tagId, string assistant, long revision, CancellationToken cancellationToken);

    /// <summary>Takes the tag off the conversation; does nothing when either is unknown or they are not linked.</summary>
    Task UnlinkAsync(string senderId, long tagId, CancellationToken cancellationToken);

    /// <summary>The tags the conversation carries, ordinally by name, then by id; empty for an unknown conversation.</summary>
    Task<IReadOnlyList<ConversationTag>> ReadTagsAsync(string senderId, CancellationToken cancellationToken);
}
