using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Markers;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Metadata;

/// <summary>
/// Keeps the precomputed conversation metadata current: folds each queued conversation's events with
/// <see cref="MetadataBuilder"/> and saves the result through <see cref="IMetadataStore"/>.
/// </summary>
/// <remarks>
/// <para>
/// Idempotent: the metadata of a conversation depends only on its events, and a queue item leaves the queue only when
/// metadata folded at its revision is saved, so a rerun or a crash mid-run doubles and loses nothing; a full rebuild
/// gives exactly what incremental maintenance gives.
/// </para>
/// <para>
/// Shared: every run claims its batch for itself for <see cref="MetadataProjectorOptions.ClaimTtl"/> (renewing as it
/// goes), so projectors of several instances work side by side on different conversations, and one that dies holds
/// up only its own claims, until they run out.
/// </para>
/// <para>
/// Isolating: a conversation whose fold or save throws is set aside with its error and retried with backoff
/// (<see cref="MetadataProjectorOptions.RetryDelayAfter"/>); the rest of its batch is saved without it.
/// </para>
/// </remarks>
public sealed partial class MetadataProjector
{
    /// <summary>How long a rebuild waits before looking again while the rest of the queue is claimed by others.</summary>
    private static readonly TimeSpan WaitForOtherInstance = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a rebuild counts the queue to report its progress while it works.</summary>
    public static readonly Duration ProgressInterval = Duration.FromSeconds(1);

    /// <summary>The longest error text kept per failed conversation.</summary>
    private const int MaximumErrorLength = 2000;

    private readonly IMetadataStore _metadata;
    private readonly IConversationStore _conversations;
    private readonly IClock _clock;
    private readonly MetadataProjectorOptions _options;
    private readonly AssistantOptions _assistants;
    private readonly MetadataThroughput? _throughput;
    private readonly MarkerDefinitions? _markers;
    private readonly ILogger _logger;

    /// <summary>How often, at most, a run asks the store to defer or restore its maintenance.</summary>
    private static readonly Duration MaintenanceCheckInterval = Duration.FromSeconds(5);

    /// <summary>How often an idle projector looks whether another, which may have died, left maintenance deferred.</summary>
    private static readonly Duration DeferredLookInterval = Duration.FromSeconds(30);

    /// <summary>The fewest conversations a part of a batch holds: smaller batches go whole, as live writes come.</summary>
    private const int MinimumPart = 250;

    /// <summary>The most parts a batch is folded and saved in.</summary>
    private const int MaximumParts = 4;

    /// <summary>How many conversations the next run claims: <see cref="MetadataProjectorOptions.BatchSize"/>, more during a catch-up.</summary>
    private int _batchSize;

    /// <summary>Whether the last run's claim came back full: this projector is working a backlog.</summary>
    private bool _workingBacklog;

    /// <summary>How recently a conversation must have been queued for <see cref="RunRecentOnceAsync"/> to take it.</summary>
    public static readonly Duration RecentWindow = Duration.FromSeconds(10);

    /// <summary>Whether this projector knows the store's maintenance to be deferred (by it or by another that may have died).</summary>
    /// <remarks>
    /// This and the two times below are kept without locks: two runs at once (the job and a rebuild in one process) at
    /// worst ask the store twice, and the store's deferring and restoring are exclusive and idempotent.
    /// </remarks>
    private bool _deferred;

    /// <summary>When this projector may next ask the store to defer; at once at the start.</summary>
    private Instant _nextDeferral = Instant.MinValue;

    /// <summary>When this projector may next look for, or try to restore, deferred maintenance; at once at the start.</summary>
    private Instant _nextRestoral = Instant.MinValue;

    public MetadataProjector(
        IMetadataStore metadata,
        IConversationStore conversations,
        IClock clock,
        IOptions<MetadataProjectorOptions> options,
        IOptions<AssistantOptions>? assistants = null,
        ILogger<MetadataProjector>? logger = null,
        MetadataThroughput? throughput = null,
        MarkerDefinitions? markers = null)
    {
        _metadata = metadata;
        _conversations = conversations;
        _clock = clock;
        _options = options.Value;
        _assistants = assistants?.Value ?? new AssistantOptions();
        _throughput = throughput;
        _markers = markers;
        _logger = logger ?? NullLogger<MetadataProjector>.Instance;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.BatchSize, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaximumBatchSize, _options.BatchSize, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.TargetBatchDuration, Duration.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.Parallelism, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.ClaimTtl, Duration.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.RetryDelay, Duration.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaximumRetryDelay, _options.RetryDelay, nameof(options));
        _batchSize = _options.BatchSize;
    }

    /// <summary>
    /// Claims queued conversations, the longest queued first, folds them and saves them together; a conversation that
    /// fails is set aside for its retry instead.
    /// </summary>
    /// <remarks>
    /// A run claims <see cref="MetadataProjectorOptions.BatchSize"/> conversations. When the claim comes back full (a
    /// backlog), the next run claims as many as this projector folded in <see cref="MetadataProjectorOptions.TargetBatchDuration"/>,
    /// up to <see cref="MetadataProjectorOptions.MaximumBatchSize"/>; the first claim that is not full brings it back.
    /// </remarks>
    /// <returns>How many conversations were claimed and handled: 0 when none could be claimed.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        // A read first: the job looks many times a second, and an idle queue should cost no write.
        if (!await _metadata.AnyClaimableAsync(cancellationToken).ConfigureAwait(false))
        {
            EndBacklog();
            await RestoreMaintenanceAsync(force: false, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var owner = NewOwner();
        var limit = Volatile.Read(ref _batchSize);
        var started = _clock.GetCurrentInstant();
        var items = await _metadata.ClaimAsync(owner, limit, ClaimEnd(), cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            EndBacklog();
            return 0;
        }

        // A full claim holds the newest share beyond the limit (the claim is ordered oldest first). It goes first, in a
        // save of its own, so that what a live assistant just wrote is listed without waiting for the backlog's share
        // to fold and save.
        await ProcessClaimedAsync(owner, items.Count > limit ? [[.. items.Skip(limit)], [.. items.Take(limit)]] : [items], cancellationToken).ConfigureAwait(false);

        var backlog = items.Count >= limit;
        Volatile.Write(ref _batchSize, backlog ? NextBatchSize(items.Count, _clock.GetCurrentInstant() - started) : _options.BatchSize);
        Volatile.Write(ref _workingBacklog, backlog);
        _throughput?.Record(items.Count, backlog, started);
        if (backlog)
        {
            await DeferMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RestoreMaintenanceAsync(force: false, cancellationToken).ConfigureAwait(false);
        }

        return items.Count;
    }

    /// <summary>
    /// While this projector works a backlog, claims the conversations queued in the last <see cref="RecentWindow"/>,
    /// <see cref="MetadataProjectorOptions.BatchSize"/> at most (the last queued taken first when there are more), and folds and saves them: run beside
    /// <see cref="RunOnceAsync"/>, so that a live write waits for a batch of its own size rather than for the backlog's
    /// batch in flight and the next claim.
    /// </summary>
    /// <returns>How many conversations were claimed and handled: 0 when none, or when no backlog is being worked (then every run takes what was just queued).</returns>
    public async Task<int> RunRecentOnceAsync(CancellationToken cancellationToken)
    {
        if (!Volatile.Read(ref _workingBacklog))
        {
            return 0;
        }

        var owner = NewOwner();
        var now = _clock.GetCurrentInstant();
        var items = await _metadata.ClaimRecentAsync(owner, _options.BatchSize, now - RecentWindow, ClaimEnd(), cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            return 0;
        }

        await ProcessClaimedAsync(owner, [items], cancellationToken).ConfigureAwait(false);
        _throughput?.RecordBeside(items.Count, now);
        return items.Count;
    }

    /// <summary>
    /// Nothing was left to claim: a backlog this projector worked is done (the live writes' lane may have taken its
    /// last conversations), and so is its catch-up.
    /// </summary>
    private void EndBacklog()
    {
        if (Interlocked.Exchange(ref _workingBacklog, false))
        {
            _throughput?.Record(0, backlog: false, _clock.GetCurrentInstant());
        }
    }

    /// <summary>Folds and saves claimed conversations, batch after batch, counting each in the metrics; a cancelled run frees its claims.</summary>
    private async Task ProcessClaimedAsync(string owner, IReadOnlyList<IReadOnlyList<MetadataWorkItem>> batches, CancellationToken cancellationToken)
    {
        try
        {
            // Read after the claim: a configuration changed since then re-queues these conversations at a new revision,
            // so what this run saves with the older one does not take them off the queue.
            var markers = _markers is null ? MarkerSnapshot.Empty : await _markers.CurrentAsync(cancellationToken).ConfigureAwait(false);
            foreach (var batch in batches)
            {
                await ProcessBatchAsync(owner, batch, markers, cancellationToken).ConfigureAwait(false);
                Diagnostics.RasaMetrics.ConversationsFolded.Add(batch.Count);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not the run's token: a cancelled run frees its claims so that other instances need not wait them out.
            await _metadata.ReleaseClaimsAsync(owner, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A claim's owner: one per run, whose claims are renewed and released by it alone.</summary>
    private static string NewOwner() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// During a catch-up of at least <see cref="MetadataProjectorOptions.DeferMaintenanceBacklog"/> conversations, asks
    /// the store to set its per-row upkeep aside until the backlog is worked off.
    /// </summary>
    private async Task DeferMaintenanceAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        if (_options.DeferMaintenanceBacklog == 0 || _deferred || now < _nextDeferral)
        {
            return;
        }

        _nextDeferral = now + MaintenanceCheckInterval;
        if (await _metadata.DeferMaintenanceAsync(_options.DeferMaintenanceBacklog, cancellationToken).ConfigureAwait(false))
        {
            // The restore is due as soon as the backlog is worked off, whatever an idle look before it had scheduled.
            _deferred = true;
            _nextRestoral = now;
            LogMaintenanceDeferred(_logger, _options.DeferMaintenanceBacklog);
        }
    }

    /// <summary>
    /// Once the backlog is worked off (fewer than <see cref="MetadataProjectorOptions.DeferMaintenanceBacklog"/> queued,
    /// counting other instances' claims), restores the store's upkeep if it is deferred.
    /// </summary>
    /// <remarks>
    /// Not knowing it deferred, a projector looks every <see cref="DeferredLookInterval"/> (another instance may have
    /// died mid catch-up); a restore the store declined (the backlog is still large) or that failed is tried again after
    /// <see cref="MaintenanceCheckInterval"/>. <paramref name="force"/> skips both waits.
    /// </remarks>
    private async Task RestoreMaintenanceAsync(bool force, CancellationToken cancellationToken)
    {
        var now = _clock.GetCurrentInstant();
        if (!force && now < _nextRestoral)
        {
            return;
        }

        if (!_deferred && !await _metadata.IsMaintenanceDeferredAsync(cancellationToken).ConfigureAwait(false))
        {
            _nextRestoral = now + DeferredLookInterval;
            return;
        }

        _deferred = true;
        _nextRestoral = now + MaintenanceCheckInterval;
        var backlog = _options.DeferMaintenanceBacklog == 0 ? long.MaxValue : _options.DeferMaintenanceBacklog;
        if (!await _metadata.RestoreMaintenanceAsync(backlog, cancellationToken).ConfigureAwait(false))
        {
            // Declined, or another instance restored it meanwhile.
            _deferred = await _metadata.IsMaintenanceDeferredAsync(cancellationToken).ConfigureAwait(false);
            _nextRestoral = now + (_deferred ? MaintenanceCheckInterval : DeferredLookInterval);
        }
        else
        {
            _deferred = false;
            var took = _clock.GetCurrentInstant() - now;
            LogMaintenanceRestored(_logger, took.TotalSeconds);
        }
    }

    /// <summary>During a catch-up: as many as were folded per <see cref="MetadataProjectorOptions.TargetBatchDuration"/>, at most twice the last.</summary>
    private int NextBatchSize(int folded, Duration took)
    {
        var seconds = Math.Max(took.TotalSeconds, 0.001);
        var size = folded / seconds * _options.TargetBatchDuration.TotalSeconds;
        return (int)Math.Clamp(Math.Min(size, 2.0 * folded), _options.BatchSize, _options.MaximumBatchSize);
    }

    /// <summary>Queues every conversation, then works until nothing is left that this projector could claim.</summary>
    /// <param name="progress">Told what was done at most once per <see cref="ProgressInterval"/>, and at the end, on the caller's flow; optional.</param>
    /// <param name="cancellationToken">Stops the work between batches; what was queued stays queued.</param>
    /// <remarks>
    /// Other instances work the same queue meanwhile; this waits for the conversations they claimed. It ends when the
    /// queue holds only conversations that failed and wait for their retry (counted in the result). Writes that keep
    /// arriving keep the queue from emptying, and so keep this running.
    /// </remarks>
    public async Task<MetadataRebuildResult> RebuildAsync(Action<MetadataRebuildResult>? progress, CancellationToken cancellationToken)
    {
        var started = _clock.GetCurrentInstant();
        var enqueued = await _metadata.EnqueueAllAsync(cancellationToken).ConfigureAwait(false);
        long processed = 0;
        var reported = started;
        while (true)
        {
            var count = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            processed += count;

            // Counting the queue reads all of it: once a second while batches come, and when none could be claimed.
            if (count > 0 && _clock.GetCurrentInstant() - reported < ProgressInterval)
            {
                continue;
            }

            var pending = await _metadata.PendingCountAsync(cancellationToken).ConfigureAwait(false);
            var failed = pending == 0 ? 0 : (await _metadata.FailuresAsync(0, cancellationToken).ConfigureAwait(false)).Count;
            reported = _clock.GetCurrentInstant();
            var elapsed = (reported - started).TotalSeconds;
            var result = new MetadataRebuildResult(enqueued, processed, pending, failed, elapsed > 0 ? processed / elapsed : 0);
            progress?.Invoke(result);
            if (count > 0)
            {
                continue;
            }

            if (pending <= failed && !await _metadata.AnyClaimableAsync(cancellationToken).ConfigureAwait(false))
            {
                // The rebuild is done when the store is whole again, not when the last batch is saved.
                await RestoreMaintenanceAsync(force: true, cancellationToken).ConfigureAwait(false);
                return result;
            }

            await Task.Delay(WaitForOtherInstance, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The metadata of the conversation as its events are now, its assistant resolved.</summary>
    /// <remarks>Only the metadata: the analytics facts are the job's alone.</remarks>
    public async Task<ConversationMetadata> BuildAsync(string senderId, CancellationToken cancellationToken) =>
        Fold(senderId, await ReadAllAsync(senderId, cancellationToken).ConfigureAwait(false), facts: null, MarkerSnapshot.Empty).Metadata;

    /// <summary>
    /// Folds the events into the conversation's metadata, its assistant resolved, into <paramref name="facts"/> if
    /// given, and into the results of its assistant's markers if it has any.
    /// </summary>
    private (ConversationMetadata Metadata, ConversationMarkers? Markers) Fold(
        string senderId,
        IReadOnlyList<StoredEvent> events,
        ConversationFactsBuilder? facts,
        MarkerSnapshot markers)
    {
        var builder = new MetadataBuilder(senderId, keepMarkerEvents: !markers.IsEmpty);
        foreach (var e in events)
        {
            // One parse per event for both folds.
            using var document = System.Text.Json.JsonDocument.Parse(e.Json);
            builder.Add(e, document.RootElement);
            facts?.Add(e, document.RootElement);
        }

        var metadata = builder.Build();
        metadata = metadata with { AssistantId = _assistants.Resolve(metadata.AssistantId) };
        return (metadata, markers.Evaluate(metadata.AssistantId, builder.MarkerEvents));
    }

    private async Task<List<StoredEvent>> ReadAllAsync(string senderId, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        await foreach (var e in _conversations.ReadEventsAsync(senderId, EventQuery.All, cancellationToken).ConfigureAwait(false))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>
    /// Folds every item, renewing the claims as the batch goes on, then saves what folded and sets the rest aside. A
    /// batch of a backlog goes in parts, each saved while the next one folds.
    /// </summary>
    /// <remarks>
    /// The save is the store's one writer at work and the fold is reading and parsing on the other cores: side by side
    /// they take the time of the longer (at <c>M</c> on SQLite the saves took 12.5 s of a catch-up and the folds 7.6 s,
    /// one after the other). Saves still come one at a time, in order; each part's failures are set aside as before.
    /// </remarks>
    private async Task ProcessBatchAsync(string owner, IReadOnlyList<MetadataWorkItem> items, MarkerSnapshot markers, CancellationToken cancellationToken)
    {
        var parts = items.Count >= 2 * MinimumPart ? (int)Math.Min(MaximumParts, items.Count / MinimumPart) : 1;
        var size = (items.Count + parts - 1) / parts;
        Task saving = Task.CompletedTask;
        try
        {
            for (var start = 0; start < items.Count; start += size)
            {
                var folded = await FoldBatchAsync(owner, [.. items.Skip(start).Take(size)], markers, cancellationToken).ConfigureAwait(false);
                await saving.ConfigureAwait(false);
                saving = SaveFoldedAsync(folded, cancellationToken);
            }
        }
        finally
        {
            // A fold that failed or was cancelled still lets the part before it finish saving, and not unobserved.
            await saving.ConfigureAwait(false);
        }
    }

    /// <summary>Saves what folded of one part and sets the rest aside.</summary>
    private async Task SaveFoldedAsync(List<(MetadataWorkItem Item, MetadataUpdate? Update, Exception? Error)> folded, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var updates = new List<(MetadataWorkItem Item, MetadataUpdate Update)>(folded.Count);
        var failures = new List<(MetadataWorkItem Item, Exception Error)>();
        foreach (var (item, update, error) in folded)
        {
            if (update is not null)
            {
                updates.Add((item, update));
            }
            else
            {
                failures.Add((item, error!));
            }
        }

        failures.AddRange(await SaveAsync(updates, cancellationToken).ConfigureAwait(false));
        foreach (var (item, error) in failures)
        {
            await SetAsideAsync(item, error, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the batch's events in one stream (<see cref="IConversationStore.ReadConversationsAsync"/>) and folds its
    /// conversations side by side as they come, <see cref="MetadataProjectorOptions.Parallelism"/> at once.
    /// </summary>
    /// <remarks>
    /// A conversation the stream does not hold has no events left (deleted): it folds empty, and the save stores
    /// nothing for it. If the stream fails, the conversations it had not yet given are read and folded one by one, so
    /// that one that cannot be read fails alone.
    /// </remarks>
    private async Task<List<(MetadataWorkItem Item, MetadataUpdate? Update, Exception? Error)>> FoldBatchAsync(
        string owner,
        IReadOnlyList<MetadataWorkItem> items,
        MarkerSnapshot markers,
        CancellationToken cancellationToken)
    {
        var bySender = items.ToDictionary(i => i.SenderId, StringComparer.Ordinal);
        var results = new List<(MetadataWorkItem Item, MetadataUpdate? Update, Exception? Error)>(items.Count);
        var channel = Channel.CreateBounded<(MetadataWorkItem Item, IReadOnlyList<StoredEvent> Events)>(
            new BoundedChannelOptions(_options.Parallelism * 8) { SingleWriter = true });
        var workers = Enumerable.Range(0, _options.Parallelism)
            .Select(_ => Task.Run(
                async () =>
                {
                    await foreach (var (item, events) in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var result = TryFold(item, events, markers);
                        lock (results)
                        {
                            results.Add(result);
                        }
                    }
                },
                cancellationToken))
            .ToList();

        var renewAt = RenewalTime();
        try
        {
            await foreach (var conversation in _conversations.ReadConversationsAsync([.. bySender.Keys], cancellationToken).ConfigureAwait(false))
            {
                if (bySender.Remove(conversation.SenderId, out var item))
                {
                    await channel.Writer.WriteAsync((item, conversation.Events), cancellationToken).ConfigureAwait(false);
                }

                if (_clock.GetCurrentInstant() >= renewAt)
                {
                    await _metadata.RenewClaimsAsync(owner, ClaimEnd(), cancellationToken).ConfigureAwait(false);
                    renewAt = RenewalTime();
                }
            }

            foreach (var item in bySender.Values)
            {
                await channel.Writer.WriteAsync((item, []), cancellationToken).ConfigureAwait(false);
            }

            bySender.Clear();
        }
        catch (Exception e) when (!IsCancellation(e, cancellationToken))
        {
            LogBatchReadFailed(_logger, bySender.Count, e);
        }
        finally
        {
            channel.Writer.Complete();
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        foreach (var item in bySender.Values)
        {
            results.Add(await TryFoldAsync(item, markers, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private (MetadataWorkItem Item, MetadataUpdate? Update, Exception? Error) TryFold(
        MetadataWorkItem item,
        IReadOnlyList<StoredEvent> events,
        MarkerSnapshot markers)
    {
        try
        {
            var facts = new ConversationFactsBuilder(item.SenderId);
            var (metadata, results) = Fold(item.SenderId, events, facts, markers);
            return (item, new MetadataUpdate(item.ConversationId, item.Revision, metadata, facts.Build(), results), null);
        }
        catch (Exception e)
        {
            return (item, null, e);
        }
    }

    /// <summary>Reads the conversation's events alone, then folds them: a failure of either is the conversation's own.</summary>
    private async Task<(MetadataWorkItem Item, MetadataUpdate? Update, Exception? Error)> TryFoldAsync(
        MetadataWorkItem item,
        MarkerSnapshot markers,
        CancellationToken cancellationToken)
    {
        try
        {
            return TryFold(item, await ReadAllAsync(item.SenderId, cancellationToken).ConfigureAwait(false), markers);
        }
        catch (Exception e) when (!IsCancellation(e, cancellationToken))
        {
            return (item, null, e);
        }
    }

    /// <summary>
    /// Saves the batch in one transaction (far fewer commits than one per conversation); if that fails, each
    /// conversation alone, so that one that cannot be saved does not hold the others back.
    /// </summary>
    /// <returns>The conversations that could not be saved.</returns>
    private async Task<List<(MetadataWorkItem Item, Exception Error)>> SaveAsync(
        List<(MetadataWorkItem Item, MetadataUpdate Update)> updates,
        CancellationToken cancellationToken)
    {
        var failures = new List<(MetadataWorkItem, Exception)>();
        try
        {
            await _metadata.SaveAsync([.. updates.Select(u => u.Update)], cancellationToken).ConfigureAwait(false);
            return failures;
        }
        catch (Exception e) when (updates.Count > 1 && !IsCancellation(e, cancellationToken))
        {
            LogBatchSaveFailed(_logger, updates.Count, e);
        }
        catch (Exception e) when (!IsCancellation(e, cancellationToken))
        {
            failures.Add((updates[0].Item, e));
            return failures;
        }

        foreach (var (item, update) in updates)
        {
            try
            {
                await _metadata.SaveAsync([update], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!IsCancellation(e, cancellationToken))
            {
                failures.Add((item, e));
            }
        }

        return failures;
    }

    private async Task SetAsideAsync(MetadataWorkItem item, Exception error, CancellationToken cancellationToken)
    {
        var attempts = item.Attempts + 1;
        var retryAt = _clock.GetCurrentInstant() + _options.RetryDelayAfter(attempts);
        var text = $"{error.GetType().Name}: {error.Message}";
        LogConversationFailed(_logger, item.SenderId, attempts, retryAt, error);
        await _metadata.RecordFailureAsync(item, text.Length > MaximumErrorLength ? text[..MaximumErrorLength] : text, retryAt, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsCancellation(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException && cancellationToken.IsCancellationRequested;

    private Instant ClaimEnd() => _clock.GetCurrentInstant() + _options.ClaimTtl;

    private Instant RenewalTime() => _clock.GetCurrentInstant() + (_options.ClaimTtl / 3);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading a batch's events failed; reading the {Count} conversations not yet read one by one.")]
    private static partial void LogBatchReadFailed(ILogger logger, int count, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving a batch of {Count} conversations' metadata failed; saving each alone.")]
    private static partial void LogBatchSaveFailed(ILogger logger, int count, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "A catch-up of at least {Backlog} conversations: the store's secondary indexes, name counts and analytics sums are deferred to its end.")]
    private static partial void LogMaintenanceDeferred(ILogger logger, long backlog);

    [LoggerMessage(Level = LogLevel.Information, Message = "The catch-up is done: name counts and analytics sums recomputed, indexes restored in {Seconds:F1} s.")]
    private static partial void LogMaintenanceRestored(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Metadata of conversation {SenderId} failed (attempt {Attempts}); set aside until {RetryAt}, the others go on.")]
    private static partial void LogConversationFailed(ILogger logger, string senderId, int attempts, Instant retryAt, Exception error);
}
