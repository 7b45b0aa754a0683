using System.Diagnostics;
using RasaPlatform.Benchmarks.Run;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Feeds;

/// <summary>
/// Times the probes of a phase from their publish confirm until the listing shows their conversation: every
/// <see cref="PollIntervalMs"/> ms one <c>GET /api/conversations?intent=a,b,…</c> names every probe confirmed and not
/// yet listed (up to <see cref="Chunk"/> per request), and each conversation in the answer is listed from then.
/// </summary>
/// <remarks>
/// One request a round, however many probes wait: polling each probe on its own would, once probes wait seconds behind
/// a backlog, put hundreds of listing requests a second on the service it measures. A probe not listed within
/// <see cref="GiveUpSeconds"/> s counts as missed.
/// </remarks>
internal sealed class ProbeWatcher(HttpClient client)
{
    public const int PollIntervalMs = 10;
    public const int GiveUpSeconds = 30;

    /// <summary>The most intents one listing request names.</summary>
    public const int Chunk = 50;

    private readonly Lock _lock = new();
    private readonly List<Probe> _waiting = [];
    private readonly List<double?> _results = [];

    /// <summary>Watches a probe once <paramref name="confirm"/> completes.</summary>
    public void Add(string intent, string senderId, Task confirm)
    {
        var probe = new Probe(intent, senderId);
        lock (_lock)
        {
            _waiting.Add(probe);
        }

        confirm.ContinueWith(t => probe.Confirmed(t.IsCompletedSuccessfully), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Polls until <paramref name="stop"/> is cancelled and no probe is left waiting; returns the latencies and the probes missed.</summary>
    public async Task<(Latencies Latencies, int Missed)> RunAsync(CancellationToken stop)
    {
        while (true)
        {
            List<Probe> due;
            lock (_lock)
            {
                if (stop.IsCancellationRequested && _waiting.Count == 0)
                {
                    break;
                }

                GiveUp();
                due = [.. _waiting.Where(p => p.ConfirmedAt is not null)];
            }

            foreach (var chunk in due.Chunk(Chunk))
            {
                var query = new ListingQuery { Label = "probes", Intents = [.. chunk.Select(p => p.Intent)], Limit = chunk.Length }.QueryString();
                var page = await ListingPage.GetAsync(client, query, CancellationToken.None).ConfigureAwait(false);
                var now = Stopwatch.GetTimestamp();
                var listed = page.SenderIds.ToHashSet(StringComparer.Ordinal);
                lock (_lock)
                {
                    foreach (var probe in chunk.Where(p => listed.Contains(p.SenderId)))
                    {
                        _waiting.Remove(probe);
                        _results.Add(Stopwatch.GetElapsedTime(probe.ConfirmedAt!.Value, now).TotalMilliseconds);
                    }
                }
            }

            await Task.Delay(PollIntervalMs, CancellationToken.None).ConfigureAwait(false);
        }

        var latencies = new Latencies();
        lock (_lock)
        {
            foreach (var ms in _results)
            {
                latencies.AddMilliseconds(ms ?? GiveUpSeconds * 1000.0);
            }

            return (latencies, _results.Count(r => r is null));
        }
    }

    /// <summary>Counts probes waiting longer than the give-up time (or never confirmed) as missed.</summary>
    private void GiveUp()
    {
        foreach (var probe in _waiting.Where(p => p.Failed || (p.ConfirmedAt is { } at && Stopwatch.GetElapsedTime(at).TotalSeconds >= GiveUpSeconds)).ToList())
        {
            _waiting.Remove(probe);
            _results.Add(null);
        }
    }

    /// <summary>A probe published, and when its confirm came.</summary>
    private sealed class Probe(string intent, string senderId)
    {
        private long _confirmedAt;
        private int _failed;

        public string Intent { get; } = intent;

        public string SenderId { get; } = senderId;

        /// <summary>The <see cref="Stopwatch"/> timestamp of the confirm; null before it.</summary>
        public long? ConfirmedAt => Interlocked.Read(ref _confirmedAt) is var at and not 0 ? at : null;

        /// <summary>Whether the publish failed (it then never lists).</summary>
        public bool Failed => Volatile.Read(ref _failed) != 0;

        public void Confirmed(bool succeeded)
        {
            if (succeeded)
            {
                Interlocked.Exchange(ref _confirmedAt, Stopwatch.GetTimestamp());
            }
            else
            {
                Volatile.Write(ref _failed, 1);
            }
        }
    }
}
