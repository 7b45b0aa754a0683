namespace RasaPlatform.Benchmarks.Recovery;

/// <summary>Adds a recovery report to the notes file, inside its <see cref="Heading"/> section.</summary>
/// <remarks>
/// The section keeps the recovery runs together, newest last: a report goes just before the next <c>## </c> heading
/// after the section's, or at the end of the file. A file without the section gets it at its end, as <c>run</c>
/// appends its reports.
/// </remarks>
internal static class RecoveryNotes
{
    public const string Heading = "## Recovery after kill -9";

    public static async Task AddAsync(string path, string report, CancellationToken cancellationToken)
    {
        var text = File.Exists(path)
            ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)
            : "# Benchmarks\n";
        await File.WriteAllTextAsync(path, Insert(text, report), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><paramref name="notes"/> with <paramref name="report"/> at the end of the recovery section, which is added if missing.</summary>
    internal static string Insert(string notes, string report)
    {
        var lines = notes.Split('\n').ToList();
        var section = lines.FindIndex(l => l.TrimEnd() == Heading);
        if (section < 0)
        {
            return notes.TrimEnd('\n') + "\n\n" + Heading + "\n\n" + report.TrimEnd('\n') + "\n";
        }

        var next = lines.FindIndex(section + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        if (next < 0)
        {
            return notes.TrimEnd('\n') + "\n\n" + report.TrimEnd('\n') + "\n";
        }

        var before = string.Join('\n', lines.Take(next)).TrimEnd('\n');
        var after = string.Join('\n', lines.Skip(next));
        return before + "\n\n" + report.TrimEnd('\n') + "\n\n" + after;
    }
}
