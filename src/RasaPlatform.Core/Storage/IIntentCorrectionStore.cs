using NodaTime;

namespace RasaPlatform.Core.Storage;

/// <summary>Intent corrections: a person's word that a <c>user</c> message meant another intent than Rasa predicted.</summary>
/// <remarks>
/// <para>
/// A correction belongs to a conversation and a timestamp (Unix seconds) and applies to every <c>user</c> event of
/// that conversation whose timestamp is exactly that double, as flags do (<see cref="IFlagStore"/>): Rasa X addressed
/// messages that way. The stored events are never rewritten; readers show the correction beside the predicted intent.
/// </para>
/// <para>
/// A correction never points at nothing: setting one checks that a user event exists at the timestamp in the same
/// transaction that stores it, and <see cref="IConversationStore.WriteAsync"/> with <see cref="WriteMode.Replace"/>
/// removes, in the write's transaction, the corrections that match none of the conversation's new user events.
/// Deleting the conversation deletes its corrections. Appends never remove one.
/// </para>
/// </remarks>
public interface IIntentCorrectionStore
{
    /// <summary>Corrects the intent of the user messages of <paramref name="senderId"/> at exactly <paramref name="timestamp"/>.</summary>
    /// <param name="senderId">The conversation.</param>
    /// <param name="timestamp">Unix seconds; finite.</param>
    /// <param name="intent">The intent the messages meant; validated by the caller (<see cref="Corrections.CorrectionArguments.Intent"/>).</param>
    /// <param name="cancellationToken">Cancels before the correction commits; then nothing changes.</param>
    /// <returns>
    /// <see cref="CorrectionResult.Created"/> or <see cref="CorrectionResult.Replaced"/> (an earlier correction of the
    /// messages, whose intent and time this one replaces) once durable. <see cref="CorrectionResult.NoSuchConversation"/>
    /// and <see cref="CorrectionResult.NoSuchUserMessage"/> change nothing.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestamp"/> is NaN or infinite.</exception>
    Task<CorrectionResult> SetAsync(string senderId, double timestamp, string intent, CancellationToken cancellationToken);

    /// <summary>Removes the correction of the messages of <paramref name="senderId"/> at exactly <paramref name="timestamp"/>.</summary>
    /// <returns>
    /// <see cref="CorrectionResult.Removed"/> once durable, also when there was none (or no message at the
    /// timestamp); <see cref="CorrectionResult.NoSuchConversation"/> changes nothing.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timestamp"/> is NaN or infinite.</exception>
    Task<CorrectionResult> RemoveAsync(string senderId, double timestamp, CancellationToken cancellationToken);

    /// <summary>The conversation's corrections, by ascending timestamp.</summary>
    /// <remarks>Empty when nothing is corrected or nothing is stored for <paramref name="senderId"/>.</remarks>
    Task<IReadOnlyList<IntentCorrection>> ReadAsync(string senderId, CancellationToken cancellationToken);

    /// <summary>
    /// Every corrected user event of every conversation whose timestamp lies in [<paramref name="start"/>,
    /// <paramref name="until"/>] (both inclusive, either open when null), with its JSON as stored, in no particular order.
    /// </summary>
    /// <remarks>One item per user event: a correction of a timestamp several user events share yields each of them.</remarks>
    IAsyncEnumerable<CorrectedUserMessage> ReadCorrectedMessagesAsync(double? start, double? until, CancellationToken cancellationToken);
}

/// <summary>One correction: the user messages at <paramref name="MessageTimestamp"/> meant <paramref name="Intent"/>.</summary>
/// <param name="MessageTimestamp">Unix seconds, exactly as the messages carry it.</param>
/// <param name="Intent">The corrected intent.</param>
public sealed record IntentCorrection(double MessageTimestamp, string Intent);

/// <summary>A corrected user event, for training data.</summary>
/// <param name="SenderId">Its conversation.</param>
/// <param name="MessageTimestamp">Its timestamp, Unix seconds.</param>
/// <param name="Intent">The corrected intent.</param>
/// <param name="CorrectedAt">When the correction was last set.</param>
/// <param name="EventJson">The user event exactly as stored.</param>
public sealed record CorrectedUserMessage(string SenderId, double MessageTimestamp, string Intent, Instant CorrectedAt, string EventJson);
