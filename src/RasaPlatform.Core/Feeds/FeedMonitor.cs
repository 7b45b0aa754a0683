using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using NodaTime;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Feeds;

/// <summary>A feed's connection to its source.</summary>
public enum FeedState
{
    /// <summary>Connecting for the first time.</summary>
    Starting,

    /// <summary>Connected and consuming.</summary>
    Connected,

    /// <summary>Connected, waiting while another service instance consumes (RabbitMQ's exclusive consumer).</summary>
    Standby,

    /// <summary>The source went away or refused; trying again after a backoff.</summary>
    Reconnecting,

    /// <summary>The service is stopping.</summary>
    Stopped,
}

/// <summary>The states' names on the wire (the API's <c>FeedState</c>).</summary>
public static class FeedStates
{
    public static string Name(FeedState state) => state switch
    {
        FeedState.Starting => "starting",
        FeedState.Connected => "connected",
        FeedState.Standby => "standby",
        FeedState.Reconnecting => "reconnecting",
        FeedState.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}

/// <summary>
/// The state of this process's feeds, for the readiness check, the admin endpoint and the metrics (meter
/// <see cref="MeterName"/>): one <see cref="FeedStatus"/> per feed, updated by the feed as it works.
/// </summary>
public sealed class FeedMonitor : IDisposable
{
    /// <summary>The meter the feeds' instruments belong to.</summary>
    public const string MeterName = "RasaPlatform.Feeds";

    private readonly ConcurrentDictionary<string, FeedStatus> _feeds = new(StringComparer.Ordinal);
    private readonly Meter _meter;
    private readonly IClock _clock;

    public FeedMonitor(IClock clock, IMeterFactory? meterFactory = null)
    {
        _clock = clock;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Messages = _meter.CreateCounter<long>("rasaplatform.feed.messages", "{message}", "Messages a feed received and committed, by outcome: stored, duplicate (an event already stored) or rejected.");
        Events = _meter.CreateCounter<long>("rasaplatform.feed.events", "{event}", "Events a feed stored.");
        _meter.CreateObservableGauge("rasaplatform.feed.connected", () => _feeds.Values.Select(f => new Measurement<int>(f.State == FeedState.Connected ? 1 : 0, Tag(f))), "1", "1 while the feed is connected and consuming.");
        _meter.CreateObservableGauge("rasaplatform.feed.lag", () => _feeds.Values.Where(f => f.Lag is not null).Select(f => new Measurement<long>(f.Lag!.Value, Tag(f))), "{message}", "Messages waiting in the feed's source.");
    }

    internal Counter<long> Messages { get; }

    internal Counter<long> Events { get; }

    /// <summary>Every feed of this process, by name.</summary>
    public IReadOnlyCollection<FeedStatus> Feeds => [.. _feeds.Values.OrderBy(f => f.Name, StringComparer.Ordinal)];

    /// <summary>The feed's status, created on first use.</summary>
    public FeedStatus Register(string name, string kind) => _feeds.GetOrAdd(name, n => new FeedStatus(this, n, kind, _clock));

    public void Dispose() => _meter.Dispose();

    internal static KeyValuePair<string, object?> Tag(FeedStatus feed) => new("feed", feed.Name);
}

/// <summary>One feed's state, counters and rate, as this process sees them.</summary>
public sealed class FeedStatus
{
    private static readonly Duration RateWindow = Duration.FromSeconds(10);

    private readonly FeedMonitor _monitor;
    private readonly IClock _clock;
    private readonly Lock _lock = new();
    private readonly Queue<(Instant At, long Events)> _recent = new();

    internal FeedStatus(FeedMonitor monitor, string name, string kind, IClock clock)
    {
        _monitor = monitor;
        _clock = clock;
        Name = name;
        Kind = kind;
        Since = clock.GetCurrentInstant();
    }

    public string Name { get; }

    /// <summary>What it reads: <c>rabbitmq</c> or <c>sql-event-broker</c>.</summary>
    public string Kind { get; }

    public FeedState State { get; private set; } = FeedState.Starting;

    /// <summary>Since when it is in <see cref="State"/>.</summary>
    public Instant Since { get; private set; }

    /// <summary>Why it last lost or could not get its connection; null once connected.</summary>
    public string? LastError { get; private set; }

    /// <summary>Messages waiting in the source when last looked at; null when not known.</summary>
    public long? Lag { get; private set; }

    /// <summary>The source position of the last commit (SQL event broker: the row id).</summary>
    public long? Position { get; private set; }

    /// <summary>Messages this process received and committed.</summary>
    public long Messages { get; private set; }

    /// <summary>Events this process stored.</summary>
    public long EventsStored { get; private set; }

    /// <summary>Messages whose event was already stored (redeliveries, republishing).</summary>
    public long Duplicates { get; private set; }

    /// <summary>Messages this process rejected.</summary>
    public long Rejected { get; private set; }

    /// <summary>When it last committed.</summary>
    public Instant? LastCommit { get; private set; }

    /// <summary>Events stored per second over the last ten seconds.</summary>
    public double EventsPerSecond
    {
        get
        {
            lock (_lock)
            {
                var now = _clock.GetCurrentInstant();
                Prune(now);
                return _recent.Sum(r => r.Events) / RateWindow.TotalSeconds;
            }
        }
    }

    /// <summary>Connected and consuming.</summary>
    public void Connected() => Enter(FeedState.Connected, error: null);

    /// <summary>Connected, but another instance consumes.</summary>
    public void Standby(string reason) => Enter(FeedState.Standby, reason);

    /// <summary>Lost or could not get its connection.</summary>
    public void Reconnecting(string error) => Enter(FeedState.Reconnecting, error);

    /// <summary>Stopped with the service.</summary>
    public void Stopped() => Enter(FeedState.Stopped, error: null);

    /// <summary>Records what the source says is waiting.</summary>
    public void SetLag(long? lag) => Lag = lag;

    /// <summary>Records a commit of <paramref name="messages"/> messages, <paramref name="rejected"/> of them rejected.</summary>
    public void Committed(int messages, int rejected, IngestResult result, long? position)
    {
        var now = _clock.GetCurrentInstant();
        lock (_lock)
        {
            Messages += messages;
            EventsStored += result.Stored;
            Duplicates += result.Skipped;
            Rejected += rejected;
            Position = position ?? Position;
            LastCommit = now;
            _recent.Enqueue((now, result.Stored));
            Prune(now);
        }

        var tag = FeedMonitor.Tag(this);
        _monitor.Messages.Add(result.Stored, tag, new("outcome", "stored"));
        _monitor.Messages.Add(result.Skipped, tag, new("outcome", "duplicate"));
        _monitor.Messages.Add(rejected, tag, new("outcome", "rejected"));
        _monitor.Events.Add(result.Stored, tag);
    }

    private void Enter(FeedState state, string? error)
    {
        lock (_lock)
        {
            if (State != state)
            {
                State = state;
                Since = _clock.GetCurrentInstant();
            }

            LastError = error;
        }
    }

    private void Prune(Instant now)
    {
        while (_recent.TryPeek(out var oldest) && now - oldest.At > RateWindow)
        {
            _recent.Dequeue();
        }
    }
}
