namespace RasaPlatform.Core.Import;

/// <summary>The conversations a Rasa tracker store keeps, read for <see cref="ImportRunner.RunAsync(IRasaConversationSource, TextWriter, CancellationToken)"/>.</summary>
public interface IRasaConversationSource
{
    /// <summary>What the import reports as the source of its progress and errors (never a password).</summary>
    string Name { get; }

    /// <summary>How many event rows the conversations whose first row comes after <paramref name="afterFirstRowId"/> have.</summary>
    Task<long> CountRowsAsync(long afterFirstRowId, CancellationToken cancellationToken);

    /// <summary>
    /// Every conversation whose first row comes after <paramref name="afterFirstRowId"/> (0 for all), in the order of
    /// its first row, each with its events in row order.
    /// </summary>
    IAsyncEnumerable<RasaStoredConversation> ReadAsync(long afterFirstRowId, CancellationToken cancellationToken);
}

/// <summary>A conversation as a Rasa tracker store keeps it.</summary>
/// <param name="SenderId">The conversation.</param>
/// <param name="FirstRowId">The id of its first row, by which conversations are ordered.</param>
/// <param name="Events">Its events' JSON, in row order (Rasa's <c>data</c> column: without <c>sender_id</c>).</param>
public sealed record RasaStoredConversation(string SenderId, long FirstRowId, IReadOnlyList<string> Events);
