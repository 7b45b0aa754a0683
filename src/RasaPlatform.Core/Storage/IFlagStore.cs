namespace RasaPlatform.Core.Storage;

/// <summary>Flags on messages: the <c>user</c>, <c>bot</c> and <c>agent</c> events of a conversation.</summary>
/// <remarks>
/// <para>
/// A flag belongs to a conversation and a timestamp (Unix seconds), and marks every message of that conversation whose
/// timestamp is exactly that double: Rasa X's flags are addressed that way, and Python prints a timestamp with up to
/// 17 significant digits, which parse back to the same double. There is no tolerance.
/// </para>
/// <para>
/// A flag never points at nothing: flagging checks that a message exists at the timestamp in the same transaction
/// that stores the flag, and <see cref="IConversationStore.WriteAsync"/> with <see cref="WriteMode.Replace"/> removes,
/// in the write's transaction, the conversation's flags that match none of its new messages. Appends never remove a
/// flag.
/// </para>
/// </remarks>
public interface IFlagStore
{
    /// <summary>Flags the messages of <paramref name="senderId"/> at exactly <paramref name="timestamp"/>.</summary>
    /// <param name="senderId">The conversation.</param>
    /// <param name="timestamp">Unix seconds; finite.</param>
    /// <param name="cancellationToken">Cancels before the flag commits; then nothing changes.</param>
    /// <returns>
    /// <see cref="FlagResult.Flagged"/> once the flag is durable; idempotent (flagging again keeps the first flag).
    /// <see cref="FlagResult.NoSuchConversation"/> or <see cref="FlagResult.NoSuchMessage"/> change nothing.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestamp"/> is NaN or infinite.</exception>
    Task<FlagResult> FlagAsync(string senderId, double timestamp, CancellationToken cancellationToken);

    /// <summary>Removes the flag from the messages of <paramref name="senderId"/> at exactly <paramref name="timestamp"/>.</summary>
    /// <param name="senderId">The conversation.</param>
    /// <param name="timestamp">Unix seconds; finite.</param>
    /// <param name="cancellationToken">Cancels before the removal commits; then nothing changes.</param>
    /// <returns>
    /// <see cref="FlagResult.Unflagged"/> once the removal is durable, also when the messages were not flagged.
    /// <see cref="FlagResult.NoSuchConversation"/> or <see cref="FlagResult.NoSuchMessage"/> change nothing.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestamp"/> is NaN or infinite.</exception>
    Task<FlagResult> UnflagAsync(string senderId, double timestamp, CancellationToken cancellationToken);

    /// <summary>The timestamps of the conversation's flagged messages, ascending and distinct.</summary>
    /// <remarks>Empty when nothing is flagged or nothing is stored for <paramref name="senderId"/>.</remarks>
    Task<IReadOnlyList<double>> ReadFlaggedAsync(string senderId, CancellationToken cancellationToken);
}
