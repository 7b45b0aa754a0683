using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>A program the benchmark started: its output tail, its memory, and a guarantee that it dies with us.</summary>
/// <remarks>
/// Every live child is registered; <see cref="KillAll"/> (hooked to process exit and Ctrl+C) kills whatever is left,
/// so a failed or interrupted run leaves no service listening. Memory is sampled from <c>/proc/&lt;pid&gt;/status</c>
/// every <see cref="SampleInterval"/>: the peak of the sampled <c>VmRSS</c> and the last <c>VmHWM</c> seen (the
/// kernel's own high-water mark, which catches peaks between samples).
/// </remarks>
internal sealed class ChildProcess : IAsyncDisposable
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(50);

    private const int TailLines = 40;
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly CancellationTokenSource _stopSampling = new();
    private readonly Task _sampler;
    private long _peakRssKiB;
    private long _highWaterKiB;

    private ChildProcess(Process process)
    {
        _process = process;
        Id = process.Id;
        Live[Id] = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _sampler = SampleAsync(_stopSampling.Token);
    }

    public int Id { get; }

    /// <summary>Raised for every line the program writes to stdout or stderr, on a thread of the reader.</summary>
    public event Action<string>? LineWritten;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, or null while the process runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The largest resident set seen, in bytes: max of sampled VmRSS and the last VmHWM read.</summary>
    public long PeakRssBytes => Math.Max(Interlocked.Read(ref _peakRssKiB), Interlocked.Read(ref _highWaterKiB)) * 1024;

    /// <summary>The last lines the program wrote to stdout and stderr, interleaved as received.</summary>
    public IReadOnlyList<string> Tail => [.. _tail];

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}."));
    }

    /// <summary>Kills every child still running; safe to call from exit handlers.</summary>
    public static void KillAll()
    {
        foreach (var (id, process) in Live)
        {
            TryKill(process);
            Live.TryRemove(id, out _);
        }
    }

    /// <summary>Reads <c>VmRSS</c> (resident set) now, in bytes; 0 when the process is gone.</summary>
    public long ReadResidentBytes() => ReadStatusKiB("VmRSS:") * 1024;

    /// <summary>The resident set now in its two parts, in bytes: anonymous memory (heaps, caches) and mapped files (code).</summary>
    public (long Anonymous, long Files) ReadResidentParts() => (ReadStatusKiB("RssAnon:") * 1024, ReadStatusKiB("RssFile:") * 1024);

    /// <summary>Resets the process's peak resident set (<c>VmHWM</c>) to its resident set now (<c>echo 5 &gt; /proc/PID/clear_refs</c>).</summary>
    public void ResetHighWater()
    {
        File.WriteAllText($"/proc/{Id}/clear_refs", "5");
        Interlocked.Exchange(ref _highWaterKiB, 0);
        Interlocked.Exchange(ref _peakRssKiB, 0);
    }

    /// <summary>Reads <c>VmHWM</c> (peak resident set) now, in bytes; 0 when the process is gone.</summary>
    public long ReadHighWaterBytes()
    {
        Sample();
        return Interlocked.Read(ref _highWaterKiB) * 1024;
    }

    /// <summary>Waits for the program to exit; kills it and throws when <paramref name="timeout"/> passes first.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            TryKill(_process);
            throw new TimeoutException($"Process {Id} did not exit within {timeout.TotalSeconds:0} s; killed it.");
        }

        await _stopSampling.CancelAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>
    /// Sends SIGKILL to the process itself at once (without first walking its tree, which takes milliseconds) and
    /// waits until it is reaped; for a program that starts no children of its own.
    /// </summary>
    public void KillNow()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill: nothing left to stop.
        }
    }

    public async ValueTask DisposeAsync()
    {
        TryKill(_process);
        Live.TryRemove(Id, out _);
        await _stopSampling.CancelAsync().ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        _stopSampling.Dispose();
        _process.Dispose();
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited (or was never started) between the check and the kill: nothing left to stop.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        LineWritten?.Invoke(line);
        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Sampling stops when the process has exited or is being disposed.
        }
    }

    private void Sample()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{Id}/status");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        foreach (var line in lines)
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                InterlockedMax(ref _peakRssKiB, KiB(line));
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                InterlockedMax(ref _highWaterKiB, KiB(line));
            }
        }
    }

    private long ReadStatusKiB(string field)
    {
        try
        {
            return File.ReadLines($"/proc/{Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) is { } line ? KiB(line) : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long KiB(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
