using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using NodaTime;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Recovery;

/// <summary>
/// The live traffic the kills interrupt: <see cref="Clients"/> clients, each appending a turn of generated events to
/// one of its own <see cref="ConversationsPerClient"/> conversations every <see cref="TurnIntervalMs"/> ms, stamped
/// with the time it is sent (<see cref="FreshnessTurns"/>), through the instance <paramref name="instanceFor"/> names.
/// </summary>
/// <remarks>
/// An append that fails (the instance is down) is counted and the client goes on with its schedule, skipping the turns
/// it fell behind by rather than catching up in a rush. The writer
/// remembers the conversation it last had acknowledged, so that a probe can go to a conversation being written.
/// </remarks>
internal sealed class TurnWriter(FreshnessTurns turns, string run, Func<int, ApiInstance> instanceFor)
{
    public const int Clients = 2;
    public const int TurnIntervalMs = 25;
    public const int ConversationsPerClient = 250;
    public const int BurstParallelism = 8;

    private readonly Lock _lock = new();
    private long _ok;
    private long _failed;
    private string? _latest;
    private long _burst;

    public long Acknowledged => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Whether <paramref name="senderId"/> is one of this writer's conversations.</summary>
    public bool Owns(string senderId) => senderId.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The conversation whose append was acknowledged last, if any.</summary>
    public string? Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    private string Prefix => $"bench-recovery-{run}-w";

    /// <summary>
    /// Appends one turn to each of the next <paramref name="count"/> of the writer's conversations, <see cref="BurstParallelism"/>
    /// at a time, beside the steady turns: a batch of work for the projection to be in the middle of when the kill comes.
    /// </summary>
    public Task BurstAsync(int count, CancellationToken cancellationToken)
    {
        var first = Interlocked.Add(ref _burst, count) - count;
        var options = new ParallelOptions { MaxDegreeOfParallelism = BurstParallelism, CancellationToken = cancellationToken };
        return Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (i, _) =>
        {
            var n = first + i;
            var client = (int)(n % Clients);
            var conversation = (int)(n / Clients % ConversationsPerClient);
            var now = SystemClock.Instance.GetCurrentInstant().ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
            var body = turns.For((client * ConversationsPerClient) + conversation, n, now);
            await AppendAsync(instanceFor(client).Client, Sender(client, conversation), body).ConfigureAwait(false);
        });
    }

    private string Sender(int client, int conversation) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{client}-{conversation}");

    /// <summary>Appends until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(() => ClientAsync(c, stop), CancellationToken.None)));

    private async Task ClientAsync(int index, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        for (var n = 0L; !stop.IsCancellationRequested; n++)
        {
            // Turns missed while an append hung (an instance killed mid-request) are skipped, not sent in a rush.
            n = Math.Max(n, (long)(Stopwatch.GetElapsedTime(started).TotalMilliseconds / TurnIntervalMs));
            var due = TimeSpan.FromMilliseconds(n * TurnIntervalMs) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var conversation = (int)(n % ConversationsPerClient);
            var sender = Sender(index, conversation);
            var now = SystemClock.Instance.GetCurrentInstant().ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
            var body = turns.For((index * ConversationsPerClient) + conversation, (n * Clients) + index, now);
            await AppendAsync(instanceFor(index).Client, sender, body).ConfigureAwait(false);
        }
    }

    private async Task AppendAsync(HttpClient client, string sender, byte[] body)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync($"conversations/{sender}/tracker/events", content, CancellationToken.None).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _failed);
                return;
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // The instance is down or was killed mid-request: whether the turn was stored is the store's to say.
            Interlocked.Increment(ref _failed);
            return;
        }

        Interlocked.Increment(ref _ok);
        lock (_lock)
        {
            _latest = sender;
        }
    }
}
