using System.Runtime.CompilerServices;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>A store whose reads of one conversation's events throw, as a projection failure would.</summary>
public sealed class FailingConversationStore(IConversationStore inner, string failingSender) : IConversationStore
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
        if (senderId == failingSender)
        {
            throw new InvalidOperationException("injected failure of " + senderId);
        }

        await foreach (var e in inner.ReadEventsAsync(senderId, query, cancellationToken))
        {
            yield return e;
        }
    }
}
