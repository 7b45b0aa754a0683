using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Api.Tests;

/// <summary>Wraps the service's <see cref="IConversationStore"/> so that a test can make event reads fail or wait.</summary>
internal static class DecoratedStores
{
    /// <summary>
    /// Makes the background jobs' reads of events (those outside any HTTP request, as the metadata projection's are)
    /// go through <paramref name="read"/> first, which may throw or wait; requests read as usual.
    /// </summary>
    public static void InterceptJobReads(this IServiceCollection services, Func<string, CancellationToken, Task> read)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IConversationStore));
        services.Remove(registered);
        services.AddSingleton<IConversationStore>(provider =>
        {
            var requests = provider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>();
            return new InterceptedConversationStore(
                (IConversationStore)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!),
                (sender, cancellationToken) => requests.HttpContext is null ? read(sender, cancellationToken) : Task.CompletedTask);
        });
    }
}

/// <summary>Reads of events pass through <see cref="Read"/>, which may throw or wait; everything else goes to the store.</summary>
internal sealed class InterceptedConversationStore(IConversationStore inner, Func<string, CancellationToken, Task> read) : IConversationStore
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
        await Read(senderId, cancellationToken);
        await foreach (var e in inner.ReadEventsAsync(senderId, query, cancellationToken))
        {
            yield return e;
        }
    }

    private Func<string, CancellationToken, Task> Read => read;
}
