using System.Runtime.CompilerServices;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Testing;

/// <summary>
/// A conversation store whose reads of events first pass through a test's hook, which may throw (a projection
/// failure) or wait (a projector held mid-run); everything else goes to the store as it is.
/// </summary>
public class InterceptedConversationStore(IConversationStore inner, Func<string, CancellationToken, Task> beforeRead) : IConversationStore
{
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
        await beforeRead(senderId, cancellationToken);
        await foreach (var e in inner.ReadEventsAsync(senderId, query, cancellationToken))
        {
            yield return e;
        }
    }
}
