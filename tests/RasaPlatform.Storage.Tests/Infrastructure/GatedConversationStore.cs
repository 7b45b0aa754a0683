using System.Runtime.CompilerServices;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>A store whose reads wait at a gate the test opens, so that a projector can be held mid-run.</summary>
public sealed class GatedConversationStore(IConversationStore inner) : IConversationStore
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a read has reached the gate.</summary>
    public Task Entered => _entered.Task;

    public void Open() => _gate.TrySetResult();

    public Task<IngestResult> WriteAsync(IReadOnlyList<ConversationWrite> writes, CancellationToken cancellationToken) =>
        inner.WriteAsync(writes, cancellationToken);

    public Task<int> DeleteAsync(IReadOnlyList<string> senderIds, CancellationToken cancellationToken) =>
        inner.DeleteAsync(senderIds, cancellationToken);

    public Task<ConversationInfo?> FindAsync(string senderId, CancellationToken cancellationToken) => inner.FindAsync(senderId, cancellationToken);

    public async IAsyncEnumerable<StoredEvent> ReadEventsAsync(
        string senderId,
        EventQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        await foreach (var e in inner.ReadEventsAsync(senderId, query, cancellationToken))
        {
            yield return e;
        }
    }
}
