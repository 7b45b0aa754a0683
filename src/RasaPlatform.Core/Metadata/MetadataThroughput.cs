using NodaTime;

namespace RasaPlatform.Core.Metadata;

/// <summary>
/// How fast this process's projectors fold conversations, and how far the current catch-up has come: what the admin
/// endpoint, the job dashboard and the metrics report. Thread-safe; one per process.
/// </summary>
/// <remarks>
/// A catch-up is a run of batches whose claims came back full, i.e. a backlog larger than a batch (after an import, a
/// rebuild, a restart behind a busy feed): it starts with the first full claim and ends with the first claim that is
/// not full. Its total is what it has done plus what is still queued, so it grows when writes keep arriving.
/// </remarks>
public sealed class MetadataThroughput(IClock clock)
{
    /// <summary>The span the rate is measured over.</summary>
    public static readonly Duration Window = Duration.FromSeconds(10);

    private readonly Lock _lock = new();

    /// <summary>Seconds until <paramref name="pending"/> conversations are folded at <paramref name="ratePerSecond"/>; null when nothing is folding.</summary>
    public static double? SecondsLeft(long pending, double ratePerSecond) => ratePerSecond > 0 ? pending / ratePerSecond : null;

    private readonly Queue<(Instant At, int Count)> _recent = new();
    private long _done;
    private Instant? _since;
    private Instant? _ended;

    /// <summary>Records a saved batch.</summary>
    /// <param name="conversations">How many conversations it folded.</param>
    /// <param name="backlog">Whether its claim came back full: more was queued than one batch takes.</param>
    /// <param name="started">When the batch was claimed: a catch-up starts when its first batch did.</param>
    public void Record(int conversations, bool backlog, Instant started)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(conversations);
        var now = clock.GetCurrentInstant();
        lock (_lock)
        {
            if (backlog && (_since is null || _ended is not null))
            {
                (_since, _ended, _done) = (started, null, 0);
            }

            if (_since is not null && _ended is null)
            {
                _done += conversations;
                if (!backlog)
                {
                    _ended = now;
                }
            }

            _recent.Enqueue((now, conversations));
            Trim(now);
        }
    }

    /// <summary>
    /// Records conversations folded beside the batches (live writes taken while a backlog is worked): counted in the
    /// rate, and in the catch-up that ran when they were claimed (which may have ended meanwhile, when the batches found
    /// nothing left because these were claimed); they start and end none.
    /// </summary>
    /// <param name="conversations">How many conversations it folded.</param>
    /// <param name="started">When they were claimed.</param>
    public void RecordBeside(int conversations, Instant started)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(conversations);
        var now = clock.GetCurrentInstant();
        lock (_lock)
        {
            if (_since is { } since && started >= since && (_ended is not { } ended || started <= ended))
            {
                _done += conversations;
            }

            _recent.Enqueue((now, conversations));
            Trim(now);
        }
    }

    /// <summary>The current (or last) catch-up and the recent rate, with <paramref name="pending"/> as the store counts its queue now.</summary>
    public MetadataProgress Progress(long pending)
    {
        var now = clock.GetCurrentInstant();
        lock (_lock)
        {
            Trim(now);
            var folded = _recent.Sum(r => (long)r.Count);
            var span = _since is { } since && now - since < Window ? now - since : Window;
            var rate = span <= Duration.Zero ? 0 : folded / span.TotalSeconds;
            return new MetadataProgress(_since is not null && _ended is null, _done, pending, rate, _since, _ended);
        }
    }

    private void Trim(Instant now)
    {
        while (_recent.Count > 0 && now - _recent.Peek().At > Window)
        {
            _recent.Dequeue();
        }
    }
}

/// <summary>A catch-up's progress as <see cref="MetadataThroughput.Progress"/> reports it.</summary>
/// <param name="CatchingUp">Whether a catch-up is under way: the latest claim came back full.</param>
/// <param name="Done">Conversations the current (or last) catch-up folded in this process.</param>
/// <param name="Pending">Conversations queued now, in the store, for every instance.</param>
/// <param name="RatePerSecond">Conversations this process folded per second over the last <see cref="MetadataThroughput.Window"/>.</param>
/// <param name="Since">When the current (or last) catch-up started; null when there has been none.</param>
/// <param name="Ended">When the last catch-up ended; null while one is under way or when there has been none.</param>
public sealed record MetadataProgress(bool CatchingUp, long Done, long Pending, double RatePerSecond, Instant? Since, Instant? Ended)
{
    /// <summary>What the catch-up has done plus what is left: the conversations it will have folded if no write comes.</summary>
    public long Total => Done + Pending;

    /// <summary>Seconds left at the current rate; null when nothing is folding.</summary>
    public double? EstimatedSecondsLeft => MetadataThroughput.SecondsLeft(Pending, RatePerSecond);
}
