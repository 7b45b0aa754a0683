using System.Diagnostics;
using System.Globalization;

namespace RasaPlatform.Benchmarks.Feeds;

/// <summary>
/// CPU time used on this machine, by whom: the service's process, the broker (Erlang's <c>beam.smp</c>), PostgreSQL's
/// processes, this benchmark, and the whole machine; read from <c>/proc</c>. The difference of two snapshots over the
/// time between them is the cores each used.
/// </summary>
/// <remarks>Times are in clock ticks of <see cref="TicksPerSecond"/> (Linux's <c>USER_HZ</c>, 100 on every common build).</remarks>
internal sealed record CpuSnapshot(long Timestamp, IReadOnlyDictionary<string, long> Ticks)
{
    public const double TicksPerSecond = 100;

    /// <summary>The busy fields of <c>/proc/stat</c>'s <c>cpu</c> line: user, nice, system, irq, softirq, steal.</summary>
    private static readonly int[] BusyFields = [1, 2, 3, 6, 7, 8];

    /// <summary>The kinds of use, in report order; <c>machine</c> is every core's busy time.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["service", "broker", "postgres", "benchmark", "machine"];

    /// <summary>Now, with <paramref name="servicePid"/> the service's process.</summary>
    public static CpuSnapshot Take(int? servicePid)
    {
        var ticks = Kinds.ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);
        foreach (var directory in SafeDirectories())
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || Read(Path.Combine(directory, "stat")) is not { } stat)
            {
                continue;
            }

            var kind = pid == servicePid ? "service"
                : pid == Environment.ProcessId ? "benchmark"
                : stat.Comm switch { "beam.smp" => "broker", "postgres" => "postgres", _ => null };
            if (kind is not null)
            {
                ticks[kind] += stat.Ticks;
            }
        }

        ticks["machine"] = MachineBusyTicks();
        return new CpuSnapshot(Stopwatch.GetTimestamp(), ticks);
    }

    /// <summary>Cores each kind used on average from <paramref name="earlier"/> to this snapshot.</summary>
    public IReadOnlyDictionary<string, double> CoresSince(CpuSnapshot earlier)
    {
        var seconds = Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalSeconds;
        return Kinds.ToDictionary(
            k => k,
            k => seconds > 0 ? Math.Max(0, Ticks[k] - earlier.Ticks[k]) / TicksPerSecond / seconds : 0,
            StringComparer.Ordinal);
    }

    /// <summary>The command name and user + system ticks of one <c>/proc/PID/stat</c> line.</summary>
    internal static (string Comm, long Ticks)? Parse(string line)
    {
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so it ends at the last ')'.
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = line[(close + 2)..].Split(' ');

        // After the comm: state is field 3, utime field 14 and stime field 15.
        return fields.Length > 12
            && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            ? (line[(open + 1)..close], user + system)
            : null;
    }

    private static (string Comm, long Ticks)? Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[] SafeDirectories()
    {
        try
        {
            return Directory.GetDirectories("/proc");
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>The first line of <c>/proc/stat</c>: every core's user, nice, system, irq, softirq and steal ticks.</summary>
    private static long MachineBusyTicks()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return BusyFields
                .Where(i => i < fields.Length)
                .Sum(i => long.Parse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
