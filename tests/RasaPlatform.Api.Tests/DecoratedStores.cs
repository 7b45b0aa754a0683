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
}
