using RasaPlatform.Core.Metadata;

namespace RasaPlatform.Core.Storage;

public static class MetadataStoreExtensions
{
    /// <summary>Saves one conversation's metadata: <see cref="IMetadataStore.SaveAsync"/> with a single update.</summary>
    /// <returns><see langword="true"/> when its queue item was removed.</returns>
    public static async Task<bool> SaveAsync(
        this IMetadataStore store,
        ConversationMetadata metadata,
        long conversationId,
        long revision,
        CancellationToken cancellationToken) =>
        await store.SaveAsync([new MetadataUpdate(conversationId, revision, metadata)], cancellationToken).ConfigureAwait(false) > 0;
}
