using Microsoft.Extensions.DependencyInjection;
using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;

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
                registered.ImplementationFactory is { } factory
                    ? (IConversationStore)factory(provider)
                    : (IConversationStore)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!),
                (sender, cancellationToken) => requests.HttpContext is null ? read(sender, cancellationToken) : Task.CompletedTask);
        });
    }

    /// <summary>
    /// Makes the first feed commit that stores events run <paramref name="afterFirstCommit"/> once it is committed,
    /// before it returns to the feed.
    /// </summary>
    public static void DecorateFeedStore(this IServiceCollection services, Func<Task> afterFirstCommit)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IFeedStore));
        services.Remove(registered);
        services.AddSingleton<IFeedStore>(provider => new AfterCommit(
            (IFeedStore)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!), afterFirstCommit));
    }

    private sealed class AfterCommit(IFeedStore inner, Func<Task> afterFirstCommit) : IFeedStore
    {
        private int _done;

        public async Task<IngestResult> CommitAsync(IReadOnlyList<ConversationWrite> writes, Core.Feeds.FeedProgress progress, CancellationToken cancellationToken)
        {
            var result = await inner.CommitAsync(writes, progress, cancellationToken);
            if (result.Stored > 0 && Interlocked.Exchange(ref _done, 1) == 0)
            {
                await afterFirstCommit();
            }

            return result;
        }

        public Task<long?> PositionAsync(string feed, CancellationToken cancellationToken) => inner.PositionAsync(feed, cancellationToken);

        public Task ForgetPositionAsync(string feed, CancellationToken cancellationToken) => inner.ForgetPositionAsync(feed, cancellationToken);

        public Task<IReadOnlyDictionary<string, long>> RejectCountsAsync(CancellationToken cancellationToken) => inner.RejectCountsAsync(cancellationToken);

        public Task<IReadOnlyList<Core.Feeds.StoredFeedReject>> RejectsAsync(string? feed, int limit, CancellationToken cancellationToken) =>
            inner.RejectsAsync(feed, limit, cancellationToken);
    }
}
