using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using NodaTime;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Recovery;

/// <summary>
/// One kill and restart: lets the writer run, has it append to <see cref="BurstConversations"/> conversations at once,
/// waits until an instance holds claims on the metadata queue, kills it with SIGKILL, starts it again on the same
/// store and port, and once it answers, writes two probes through it and times until each is listed.
/// </summary>
/// <remarks>
/// The probes are turns with a unique intent (<see cref="FreshnessProbe"/>): one to a conversation being written at
/// the kill (one the dead process had claimed when there is one, else the writer's latest), one to a new conversation.
/// From each probe's 2xx the listing filtered on its intent is polled every <see cref="PollIntervalMs"/> ms through
/// every running instance (the restarted one and, with two, the survivor) until it shows the conversation, for at most
/// <see cref="GiveUpSeconds"/> s.
/// </remarks>
internal sealed class KillCycle(IReadOnlyList<ApiInstance> instances, QueueView queue, TurnWriter writer, string run)
{
    public const int PollIntervalMs = 10;
    public const int GiveUpSeconds = 30;

    /// <summary>Conversations the writer appends to at once just before each kill, so that the projection is mid-batch.</summary>
    public const int BurstConversations = 200;

    /// <summary>How long the writer runs between an instance answering and the next kill.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait for an instance to hold claims before it is killed anyway.</summary>
    private static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    public async Task<KillResult> RunAsync(int number, CancellationToken cancellationToken)
    {
        await Task.Delay(Settle, cancellationToken).ConfigureAwait(false);
        await writer.BurstAsync(BurstConversations, cancellationToken).ConfigureAwait(false);
        var target = await TargetAsync(number, cancellationToken).ConfigureAwait(false);
        var pid = target.ProcessId;
        var killed = Stopwatch.GetTimestamp();
        await target.KillAsync().ConfigureAwait(false);
        var exited = Stopwatch.GetTimestamp();
        var latest = writer.Latest;
        var stranded = (await queue.LiveClaimsAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.ProcessId == pid).Select(c => c.SenderId).ToList();
        var queued = (await queue.StateAsync(cancellationToken).ConfigureAwait(false)).Queued;

        target.Start();
        var started = Stopwatch.GetTimestamp();
        await target.WaitUntilAnsweringAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
        var answered = Stopwatch.GetTimestamp();

        var claimedWritten = stranded.FirstOrDefault(writer.Owns);
        var written = claimedWritten ?? latest ?? throw new InvalidOperationException("The writer had no append acknowledged before the kill.");
        var probes = await Task.WhenAll(
            ProbeAsync(target, written, "written", claimedWritten is not null, number, cancellationToken),
            ProbeAsync(target, string.Create(CultureInfo.InvariantCulture, $"bench-recovery-{run}-new-{number}"), "new", false, number, cancellationToken)).ConfigureAwait(false);
        return new KillResult(
            number,
            target.Name,
            stranded.Count,
            stranded.Count(writer.Owns),
            queued,
            Milliseconds(killed, exited),
            Milliseconds(started, answered),
            Milliseconds(killed, answered),
            [.. probes.SelectMany(p => p)]);
    }

    /// <summary>
    /// The instance to kill: one holding live claims, preferring instance <paramref name="number"/> modulo the count,
    /// so that with two both are killed in turn; that one anyway when none holds claims within <see cref="ClaimWait"/>.
    /// </summary>
    private async Task<ApiInstance> TargetAsync(int number, CancellationToken cancellationToken)
    {
        var preferred = instances[number % instances.Count];
        var waiting = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(waiting) < ClaimWait)
        {
            var holders = (await queue.LiveClaimsAsync(cancellationToken).ConfigureAwait(false)).Select(c => c.ProcessId).ToHashSet();
            if (holders.Contains(preferred.ProcessId ?? 0))
            {
                return preferred;
            }

            if (instances.FirstOrDefault(i => holders.Contains(i.ProcessId ?? 0)) is { } holder)
            {
                return holder;
            }

            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }

        return preferred;
    }

    private async Task<IReadOnlyList<ProbeResult>> ProbeAsync(
        ApiInstance target, string sender, string kind, bool wasClaimed, int number, CancellationToken cancellationToken)
    {
        var probe = new FreshnessProbe(string.Create(CultureInfo.InvariantCulture, $"bench_recovery_{run}_{number}_{kind}"));
        var now = SystemClock.Instance.GetCurrentInstant().ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
        using var content = new ByteArrayContent(probe.Body(now));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using (var response = await target.Client.PostAsync($"conversations/{sender}/tracker/events", content, cancellationToken).ConfigureAwait(false))
        {
            response.EnsureSuccessStatusCode();
        }

        var acknowledged = Stopwatch.GetTimestamp();
        var polls = instances.Select(instance => PollAsync(instance, probe, acknowledged, cancellationToken));
        var times = await Task.WhenAll(polls).ConfigureAwait(false);
        return [.. instances.Zip(times, (instance, ms) => new ProbeResult(
            kind,
            wasClaimed,
            instance == target ? "restarted" : "survivor",
            ms ?? GiveUpSeconds * 1000.0,
            ms is not null))];
    }

    /// <summary>Milliseconds from <paramref name="acknowledged"/> until the instance lists the probe; null if it did not within the give-up time.</summary>
    private static async Task<double?> PollAsync(ApiInstance instance, FreshnessProbe probe, long acknowledged, CancellationToken cancellationToken)
    {
        while (Stopwatch.GetElapsedTime(acknowledged).TotalSeconds < GiveUpSeconds)
        {
            var page = await ListingPage.GetAsync(instance.Client, probe.QueryString(), cancellationToken).ConfigureAwait(false);
            if (page.Total > 0)
            {
                return Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds;
            }

            await Task.Delay(PollIntervalMs, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}

/// <summary>What one kill measured.</summary>
/// <param name="Number">1, 2, …</param>
/// <param name="Instance">The instance killed.</param>
/// <param name="StrandedClaims">Live claims the dead process left on the queue.</param>
/// <param name="StrandedWriterClaims">Of those, claims on the writer's conversations.</param>
/// <param name="QueuedAtKill">Items in the metadata queue right after the kill.</param>
/// <param name="KillToExitMs">From SIGKILL until the process was reaped.</param>
/// <param name="StartToAnswerMs">From starting the new process until <c>GET /api/version</c> answered 200.</param>
/// <param name="KillToAnswerMs">From SIGKILL until the restarted process answered.</param>
/// <param name="Probes">One result per probe and instance polled.</param>
internal sealed record KillResult(
    int Number,
    string Instance,
    int StrandedClaims,
    int StrandedWriterClaims,
    long QueuedAtKill,
    double KillToExitMs,
    double StartToAnswerMs,
    double KillToAnswerMs,
    IReadOnlyList<ProbeResult> Probes);

/// <summary>One probe as one instance listed it.</summary>
/// <param name="Kind"><c>written</c> (a conversation being written at the kill) or <c>new</c>.</param>
/// <param name="WasClaimed">Whether the dead process held a claim on the conversation.</param>
/// <param name="Via"><c>restarted</c> or <c>survivor</c>: the instance whose listing was polled.</param>
/// <param name="Milliseconds">From the probe's 2xx until listed; the give-up time when it was not.</param>
/// <param name="Listed">Whether it was listed before the give-up time.</param>
internal sealed record ProbeResult(string Kind, bool WasClaimed, string Via, double Milliseconds, bool Listed);
