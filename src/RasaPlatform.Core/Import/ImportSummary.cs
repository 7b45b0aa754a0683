using System.Globalization;
using NodaTime;

namespace RasaPlatform.Core.Import;

/// <summary>What an import did.</summary>
/// <param name="FilesRead">Files (or the one tracker store) read to their end.</param>
/// <param name="FilesMissing">Files named that do not exist.</param>
/// <param name="FilesUnreadable">Files that exist but could not be opened or read to their end (an I/O error, no access; a tracker store that failed).</param>
/// <param name="Records">Records found: trackers, conversation documents and single events, rejected ones included.</param>
/// <param name="Rejected">Records not imported, plus one per file whose malformed JSON ended its reading early.</param>
/// <param name="Conversations">Distinct conversations that records with at least one event were written to.</param>
/// <param name="EventsStored">Events newly stored.</param>
/// <param name="DuplicatesSkipped">Events skipped because an equal event was already stored (a re-import).</param>
/// <param name="Elapsed">Wall time of the whole import.</param>
/// <param name="Errors">The first <see cref="MaxErrorsKept"/> errors in the order found; all were written to the progress writer.</param>
public sealed record ImportSummary(
    int FilesRead,
    int FilesMissing,
    int FilesUnreadable,
    long Records,
    long Rejected,
    int Conversations,
    long EventsStored,
    long DuplicatesSkipped,
    Duration Elapsed,
    IReadOnlyList<ImportError> Errors)
{
    /// <summary>The most errors <see cref="Errors"/> holds, so that memory stays bounded on a file of garbage.</summary>
    public const int MaxErrorsKept = 1000;

    /// <summary>The exit code when records were rejected but every file was read (2 is the command line's for a usage error).</summary>
    public const int RejectedExitCode = 3;

    /// <summary>Files that could not be read: missing or unreadable.</summary>
    public int FilesFailed => FilesMissing + FilesUnreadable;

    /// <summary>The process exit code: 0 when all went in, 1 when a file could not be read, 3 when records were rejected.</summary>
    public int ExitCode => FilesFailed > 0 ? 1 : Rejected > 0 ? RejectedExitCode : 0;

    /// <summary>A human summary on one line.</summary>
    public string Describe()
    {
        var seconds = Elapsed.TotalSeconds;
        var read = EventsStored + DuplicatesSkipped;
        var rate = seconds > 0 ? read / seconds : 0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Count(FilesRead, "file")} read, {FilesMissing} missing, {FilesUnreadable} unreadable; {Records} records ({Rejected} rejected), {Conversations} conversations, "
            + $"{EventsStored} events stored, {DuplicatesSkipped} duplicates skipped in {seconds:0.0} s ({rate:0} events/s)");
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? string.Empty : "s")}");

    /// <inheritdoc cref="Describe" />
    public override string ToString() => Describe();
}
