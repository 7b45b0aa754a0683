using System.Globalization;
using RasaPlatform.Benchmarks.Generation;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>The files a run imports, generated once per size and seed and reused from the data folder.</summary>
/// <param name="Main">The data set: the size's conversations as NDJSON events.</param>
/// <param name="MainEvents">Events in <paramref name="Main"/>.</param>
/// <param name="Fraction">The first tenth of the conversations (the same events: the generator is prefix-stable).</param>
/// <param name="FractionEvents">Events in <paramref name="Fraction"/>.</param>
/// <param name="Long">The <see cref="LongConversation"/> of <see cref="LongConversation.Events"/> events.</param>
internal sealed record DataSet(string Main, long MainEvents, string Fraction, long FractionEvents, string Long)
{
    /// <summary>The share of conversations in <see cref="Fraction"/>.</summary>
    public const int FractionDivisor = 10;

    /// <summary>Events the full import stores: the data set and the long conversation.</summary>
    public long ImportEvents => MainEvents + LongConversation.Events;

    /// <summary>Finds or writes the files for <paramref name="conversations"/> and <paramref name="seed"/> in <paramref name="folder"/>.</summary>
    public static DataSet Prepare(string folder, long conversations, ulong seed, TextWriter log)
    {
        Directory.CreateDirectory(folder);
        var main = Cached(folder, $"events-{conversations}-seed{seed}.ndjson", log, s => DatasetGenerator.Generate(s, conversations, seed));
        var fractionCount = Math.Max(1, conversations / FractionDivisor);
        var fraction = Cached(folder, $"events-{fractionCount}-seed{seed}.ndjson", log, s => DatasetGenerator.Generate(s, fractionCount, seed));
        var name = string.Create(CultureInfo.InvariantCulture, $"long-{LongConversation.Events}-seed{seed}.ndjson");
        var longFile = Cached(folder, name, log, s => LongConversation.Write(s, LongConversation.SenderId, LongConversation.Events, seed));
        return new DataSet(main, CountLines(main), fraction, CountLines(fraction), longFile);
    }

    /// <summary>The file's size in MiB.</summary>
    public static double MiB(string path) => new FileInfo(path).Length / 1048576.0;

    private static string Cached(string folder, string name, TextWriter log, Action<Stream> write)
    {
        var path = Path.Combine(folder, name);
        if (File.Exists(path))
        {
            log.WriteLine($"data: reusing {path}");
            return path;
        }

        // Written under a temporary name and renamed, so an interrupted run never leaves a short file to reuse.
        var partial = path + ".partial";
        using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            write(file);
        }

        File.Move(partial, path, overwrite: true);
        log.WriteLine($"data: wrote {path} ({MiB(path):F1} MiB)");
        return path;
    }

    private static long CountLines(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 20];
        var lines = 0L;
        for (int read; (read = file.Read(buffer)) > 0;)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return lines;
    }
}
