namespace RasaPlatform.Testing;

/// <summary>Finds the real Rasa and Botfront data in <c>shared/data</c>, beside the repository.</summary>
public static class SharedData
{
    /// <summary>The <c>shared/data</c> folder: from <c>RASA_SHARED_DATA</c>, else found walking up from the test binaries.</summary>
    public static string Root { get; } = Find();

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>Every JSON file under the data folder, relative to it.</summary>
    public static IReadOnlyList<string> AllFiles() =>
        Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Root, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("RASA_SHARED_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { System.IO.Path.Combine(dir.FullName, "shared", "data"), System.IO.Path.Combine(dir.FullName, "..", "shared", "data") })
            {
                if (File.Exists(System.IO.Path.Combine(candidate, "rasa", "tracker_moodbot.json")))
                {
                    return System.IO.Path.GetFullPath(candidate);
                }
            }
        }

        throw new InvalidOperationException("shared/data not found; set RASA_SHARED_DATA.");
    }
}
