using NodaTime;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Import;

/// <summary>Imports conversations from files into the store: Rasa tracker dumps, MongoDB/Botfront conversation
/// documents, and line-delimited single events.</summary>
/// <remarks>
/// <para>
/// Formats are recognised per file (a JSON array, one JSON value per line, or pretty-printed documents) and per record:
/// an object with a <c>tracker</c> object is a Botfront/MongoDB conversation document (sender from
/// <c>tracker.sender_id</c>, else <c>_id</c> as a string or <c>{"$oid": …}</c>); one with <c>events</c> is a Rasa tracker
/// dump (sender from <c>sender_id</c>); any other object is one event carrying its <c>sender_id</c>, stored exactly as
/// in the file, <c>sender_id</c> included.
/// </para>
/// <para>
/// Every write is a <see cref="WriteMode.Append"/>, so importing the same files again stores nothing new and a later
/// dump of a conversation extends it. A whole conversation record is one append, never split. Single events are
/// grouped per conversation into one append per batch of about <see cref="BatchEvents"/> events; an event that occurs
/// twice, byte for byte, for the same conversation in two different batches of one line-delimited file is stored once.
/// </para>
/// <para>
/// Memory follows the largest record and the batch size, not the file size. A bad record is reported with its file and
/// 1-based start line and skipped; malformed JSON that cannot be resynchronised ends its file with an error.
/// Events without <c>timestamp</c> get the clock's time at the start of the run.
/// </para>
/// </remarks>
/// <param name="store">Where the conversations go.</param>
/// <param name="clock">Stamps events without a timestamp.</param>
/// <param name="checkpoints">
/// Where an import of a Rasa tracker store keeps its position, so that an interrupted one resumes; null to read the
/// whole source every time.
/// </param>
public sealed class ImportRunner(IConversationStore store, IClock clock, IFeedStore? checkpoints = null)
{
    /// <summary>The feed name under which an import of <paramref name="source"/> keeps its position.</summary>
    public static string CheckpointOf(IRasaConversationSource source) => "import:" + source?.Name;

    /// <summary>Events per store write; larger batches are faster and hold more memory. At least 1.</summary>
    public int BatchEvents { get; init; } = 5_000;

    /// <summary>
    /// Imports every conversation of a Rasa tracker store (<c>import --from-rasa-sql</c>), each as one append of its
    /// events in row order, with the validation of every other write path; a conversation with an event that is not
    /// acceptable is reported and skipped whole, as a tracker dump is.
    /// </summary>
    /// <remarks>
    /// An interrupted import is resumed by running it again: each batch commits, with its conversations, the first row
    /// of the last one it holds, and the next run starts after it. A run that reads the whole source forgets that
    /// position, so the run after it reads every conversation again; each is one append, which stores only what is not
    /// stored yet (the events Rasa added since), so nothing is stored twice.
    /// </remarks>
    public Task<ImportSummary> RunAsync(IRasaConversationSource source, TextWriter progress, CancellationToken ct) => RunAsync(source, progress, null, ct);

    /// <inheritdoc cref="RunAsync(IRasaConversationSource, TextWriter, CancellationToken)" />
    /// <param name="source">The tracker store.</param>
    /// <param name="progress">Receives a progress line at most once a second (unless <paramref name="ticks"/> is given), every error, and the final summary.</param>
    /// <param name="ticks">Receives where the import stands, at most ten times a second, in place of the progress lines: for a progress bar.</param>
    /// <param name="ct">Stops the import; batches already written stay written.</param>
    public async Task<ImportSummary> RunAsync(IRasaConversationSource source, TextWriter progress, Action<ImportTick>? ticks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchEvents, 1);

        var run = new ImportRun(store, clock.GetCurrentInstant(), progress, BatchEvents, checkpoints is null ? null : (checkpoints, CheckpointOf(source)), ticks);
        try
        {
            await run.ImportRasaStoreAsync(source, ct).ConfigureAwait(false);
            return await run.FinishAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await run.AbandonAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Imports the files (or directories of files) in the order given, reporting progress as lines.</summary>
    /// <param name="paths">Files, or directories whose <c>.json</c>, <c>.jsonl</c> and <c>.ndjson</c> files are imported in name order.</param>
    /// <param name="progress">Receives a progress line at most once a second, every error, and the final summary.</param>
    /// <param name="ct">Stops the import; batches already written stay written.</param>
    /// <returns>The counts and errors; <see cref="ImportSummary.ExitCode"/> maps them to a process exit code.</returns>
    public Task<ImportSummary> RunAsync(IReadOnlyList<string> paths, TextWriter progress, CancellationToken ct) => RunAsync(paths, progress, null, ct);

    /// <summary>Imports the files (or directories of files) in the order given.</summary>
    /// <param name="paths">Files, or directories whose <c>.json</c>, <c>.jsonl</c> and <c>.ndjson</c> files are imported in name order.</param>
    /// <param name="progress">Receives a progress line at most once a second (unless <paramref name="ticks"/> is given), every error, and the final summary.</param>
    /// <param name="ct">Stops the import; batches already written stay written.</param>
    /// <param name="ticks">Receives where the import stands, at most ten times a second, in place of the progress lines: for a progress bar.</param>
    /// <returns>The counts and errors; <see cref="ImportSummary.ExitCode"/> maps them to a process exit code.</returns>
    public async Task<ImportSummary> RunAsync(IReadOnlyList<string> paths, TextWriter progress, Action<ImportTick>? ticks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchEvents, 1);

        var run = new ImportRun(store, clock.GetCurrentInstant(), progress, BatchEvents, ticks: ticks);
        try
        {
            foreach (var path in paths)
            {
                await run.ImportPathAsync(path, ct).ConfigureAwait(false);
            }

            return await run.FinishAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await run.AbandonAsync().ConfigureAwait(false);
            throw;
        }
    }
}
