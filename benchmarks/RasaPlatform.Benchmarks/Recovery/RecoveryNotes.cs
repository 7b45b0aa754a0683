namespace RasaPlatform.Benchmarks.Recovery;

/// <summary>Adds a recovery report to the notes file, inside its <see cref="Heading"/> section (or another verb's report to its own).</summary>
/// <remarks>
/// The section keeps the verb's runs together, newest last: a report goes just before the next <c>## </c> heading
/// after the section's, or at the end of the file. A file without the section gets it at its end, as <c>run</c>
/// appends its reports.
/// </remarks>
internal static class RecoveryNotes
{
    public const string Heading = "## Recovery after kill -9";

    public static Task AddAsync(string path, string report, CancellationToken cancellationToken) => AddAsync(path, report, Heading, cancellationToken);

    /// <summary>Adds <paramref name="report"/> at the end of the section <paramref name="heading"/> of the notes at <paramref name="path"/>.</summary>
    public static async Task AddAsync(string path, string report, string heading, CancellationToken cancellationToken)
    {
        var text = File.Exists(path)
            ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)
            : "# Benchmarks\n";
        await File.WriteAllTextAsync(path, Insert(text, report, heading), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="notes"/> with <paramref name="report"/> at the end of the section <paramref name="heading"/> (the
    /// recovery section unless given), which is added if missing.
    /// </summary>
    internal static string Insert(string notes, string report, string heading = Heading)
    {
        var lines = notes.Split('\n').ToList();
        var section = lines.FindIndex(l => l.TrimEnd() == heading);
        if (section < 0)
        {
            return notes.TrimEnd('\n') + "\n\n" + heading + "\n\n" + report.TrimEnd('\n') + "\n";
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
