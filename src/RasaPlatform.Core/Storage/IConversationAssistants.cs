namespace RasaPlatform.Core.Storage;

/// <summary>Which assistant a stored conversation belongs to, as the metadata job last folded it.</summary>
public interface IConversationAssistants
{
    /// <summary>
    /// The folded assistant of the conversation, and whether that fold is of its current revision; null when the
    /// conversation is not stored.
    /// </summary>
    /// <remarks>
    /// A conversation written since the metadata job's last pass over it, or never folded, is not current: its
    /// assistant must then be read from its events.
    /// </remarks>
    Task<FoldedAssistant?> FindAsync(string senderId, CancellationToken cancellationToken);
}
