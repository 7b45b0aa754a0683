using Microsoft.Extensions.Options;
using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Assistants;
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
/// Exclusive: a run holds the <see cref="LeaseName"/> lease (renewing it as it goes, and releasing it at the end), so
/// several service instances on one store never work through the queue at the same time. A run that cannot take the
/// lease does nothing.
/// </para>
/// </remarks>
public sealed class MetadataProjector
{
    /// <summary>The lease a run holds while it works.</summary>
    public const string LeaseName = "metadata-projector";

    /// <summary>How long a rebuild waits before looking again while another instance holds the lease.</summary>
    private static readonly TimeSpan WaitForOtherInstance = TimeSpan.FromMilliseconds(200);

    private readonly IMetadataStore _metadata;
    private readonly IConversationStore _conversations;
    private readonly ILeaseStore _leases;
    private readonly IClock _clock;
    private readonly MetadataProjectorOptions _options;
    private readonly AssistantOptions _assistants;

    /// <summary>Unique per projector instance, so that two projectors in one process exclude each other too.</summary>
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public MetadataProjector(
        IMetadataStore metadata,
        IConversationStore conversations,
        ILeaseStore leases,
        IClock clock,
        IOptions<MetadataProjectorOptions> options,
        IOptions<AssistantOptions>? assistants = null)
    {
        _metadata = metadata;
        _conversations = conversations;
        _leases = leases;
        _clock = clock;
        _options = options.Value;
        _assistants = assistants?.Value ?? new AssistantOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.BatchSize, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.Parallelism, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.LeaseTtl, Duration.Zero, nameof(options));
    }

    /// <summary>Folds up to <see cref="MetadataProjectorOptions.BatchSize"/> queued conversations, oldest first, and saves them together.</summary>
    /// <returns>
    /// How many conversations were folded and saved: 0 when the queue is empty or another instance holds the lease.
    /// </returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        // A read first: the job looks many times a second, and an idle queue should cost no lease write.
        if (!await _metadata.AnyPendingAsync(cancellationToken).ConfigureAwait(false)
            || !await TryHoldLeaseAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        try
        {
            return await ProcessBatchAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Not the run's token: a cancelled run must still free the lease, or other instances wait out its TTL.
            await _leases.ReleaseAsync(LeaseName, _owner, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Queues every conversation, then works until the queue is empty.</summary>
    /// <remarks>
    /// While another instance holds the lease this waits for it to drain the queue. Writes that keep arriving keep the
    /// queue from emptying, and so keep this running.
    /// </remarks>
    public async Task<MetadataRebuildResult> RebuildAsync(CancellationToken cancellationToken)
    {
        var enqueued = await _metadata.EnqueueAllAsync(cancellationToken).ConfigureAwait(false);
        long processed = 0;
        while (true)
        {
            var count = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            processed += count;
            if (count > 0)
            {
                continue;
            }

            if (await _metadata.PendingCountAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return new MetadataRebuildResult(enqueued, processed);
            }

            await Task.Delay(WaitForOtherInstance, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The metadata of the conversation as its events are now, its assistant resolved.</summary>
    /// <remarks>Only the metadata: the analytics facts are the job's alone.</remarks>
    public async Task<ConversationMetadata> BuildAsync(string senderId, CancellationToken cancellationToken) =>
        await FoldAsync(senderId, facts: null, cancellationToken).ConfigureAwait(false);

    /// <summary>The metadata and the analytics facts of the conversation, from one read of its events.</summary>
    private async Task<(ConversationMetadata Metadata, ConversationFacts Facts)> FoldAsync(string senderId, CancellationToken cancellationToken)
    {
        var facts = new ConversationFactsBuilder(senderId);
        var metadata = await FoldAsync(senderId, facts, cancellationToken).ConfigureAwait(false);
        return (metadata, facts.Build());
    }

    /// <summary>Folds the conversation's events into its metadata, its assistant resolved, and into <paramref name="facts"/> if given.</summary>
    private async Task<ConversationMetadata> FoldAsync(string senderId, ConversationFactsBuilder? facts, CancellationToken cancellationToken)
    {
        var builder = new MetadataBuilder(senderId);
        await foreach (var e in _conversations.ReadEventsAsync(senderId, EventQuery.All, cancellationToken).ConfigureAwait(false))
        {
            builder.Add(e);
            facts?.Add(e);
        }

        var metadata = builder.Build();
        return metadata with { AssistantId = _assistants.Resolve(metadata.AssistantId) };
    }

    private async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        var items = await _metadata.ClaimAsync(_options.BatchSize, cancellationToken).ConfigureAwait(false);
        var renewAt = _clock.GetCurrentInstant() + (_options.LeaseTtl / 3);
        var updates = new List<MetadataUpdate>(items.Count);
        foreach (var chunk in items.Chunk(_options.Parallelism))
        {
            if (_clock.GetCurrentInstant() >= renewAt)
            {
                if (!await TryHoldLeaseAsync(cancellationToken).ConfigureAwait(false))
                {
                    // Another instance took over after our lease expired; it works through the rest. What was folded
                    // is still saved: the revision rules make a save that races the other instance harmless.
                    break;
                }

                renewAt = _clock.GetCurrentInstant() + (_options.LeaseTtl / 3);
            }

            // On the thread pool: an embedded store reads synchronously, and these should run side by side.
            var folded = await Task.WhenAll(chunk.Select(item => Task.Run(
                async () =>
                {
                    var (metadata, facts) = await FoldAsync(item.SenderId, cancellationToken).ConfigureAwait(false);
                    return new MetadataUpdate(item.ConversationId, item.Revision, metadata, facts);
                },
                cancellationToken))).ConfigureAwait(false);
            updates.AddRange(folded);
        }

        // One transaction for the batch: far fewer commits (fsyncs) than one per conversation.
        await _metadata.SaveAsync(updates, cancellationToken).ConfigureAwait(false);
        return updates.Count;
    }

    private Task<bool> TryHoldLeaseAsync(CancellationToken cancellationToken) =>
        _leases.TryAcquireAsync(LeaseName, _owner, _options.LeaseTtl, cancellationToken);
}
