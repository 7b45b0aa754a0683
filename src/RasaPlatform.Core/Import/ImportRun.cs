using NodaTime;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Import;

/// <summary>The state of one <c>ImportRunner.RunAsync</c> call: counts, errors and the write batcher.</summary>
internal sealed partial class ImportRun(
    IConversationStore store,
    Instant receivedAt,
    TextWriter progress,
    int batchEvents,
    (IFeedStore Store, string Feed)? checkpoint = null,
    Action<ImportTick>? ticks = null)
{
    private static readonly HashSet<string> ImportableExtensions = new(StringComparer.OrdinalIgnoreCase) { ".json", ".jsonl", ".ndjson" };

    private readonly WriteBatcher _batcher = new(store, batchEvents, checkpoint);
    private readonly ImportProgress _progress = new(progress, ticks);
    // Distinct conversations by the XXH64 of their id: about 20 bytes each instead of about 120 for the strings, so
    // that a million-conversation import keeps ~20 MB for its count (a false merge is a 1-in-10^7 chance at that size).
    private readonly HashSet<long> _conversations = [];
    private readonly List<ImportError> _errors = [];
    private int _filesRead;
    private int _filesMissing;
    private int _filesUnreadable;
    private long _records;
    private long _rejected;
    private long _eventsRead;

    /// <summary>Imports a file, or every <c>.json</c>, <c>.jsonl</c> and <c>.ndjson</c> file under a directory in name order.</summary>
    public async Task ImportPathAsync(string path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(path))
        {
            await ImportFileAsync(path, cancellationToken).ConfigureAwait(false);
            return;
        }

        List<string> files;
        try
        {
            files = [.. Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => ImportableExtensions.Contains(Path.GetExtension(f)))
                .Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Unreadable(path, e);
            return;
        }

        foreach (var file in files)
        {
            await ImportFileAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes what is pending, waits for it, and sums up.</summary>
    public async Task<ImportSummary> FinishAsync(CancellationToken cancellationToken)
    {
        await _batcher.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _batcher.DrainAsync().ConfigureAwait(false);
        var total = _batcher.Total;
        var summary = new ImportSummary(
            _filesRead, _filesMissing, _filesUnreadable, _records, _rejected, _conversations.Count, total.Stored, total.Skipped, _progress.Elapsed, _errors);
        _progress.Done(summary);
        return summary;
    }

    /// <summary>After a failure: lets the write in flight end before the caller sees the exception.</summary>
    public Task AbandonAsync() => _batcher.AbandonAsync();

    private void Unreadable(string path, Exception error)
    {
        if (error is FileNotFoundException or DirectoryNotFoundException)
        {
            _filesMissing++;
            Report(new ImportError(path, 0, $"missing: {error.Message}"));
            return;
        }

        _filesUnreadable++;
        Report(new ImportError(path, 0, $"cannot read: {error.Message}"));
    }

    private void Reject(string path, int line, string message)
    {
        _rejected++;
        Report(new ImportError(path, line, message));
    }

    private void Report(ImportError error)
    {
        if (_errors.Count < ImportSummary.MaxErrorsKept)
        {
            _errors.Add(error);
        }

        _progress.Error(error);
    }
}
