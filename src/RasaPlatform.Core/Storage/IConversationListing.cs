using RasaPlatform.Core.Listing;

namespace RasaPlatform.Core.Storage;

/// <summary>
/// The conversation listing over precomputed metadata: filtered, sorted pages with their total, and the distinct
/// names across every conversation.
/// </summary>
/// <remarks>
/// Only conversations whose metadata the projector has saved are listed; a write shows once the projector has caught
/// up with it. Flags are read live.
/// </remarks>
public interface IConversationListing
{
    Task<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken);

    /// <summary>Every name of the category some conversation lists, ordinally sorted.</summary>
    Task<IReadOnlyList<string>> DistinctNamesAsync(NameCategory category, CancellationToken cancellationToken);
}
