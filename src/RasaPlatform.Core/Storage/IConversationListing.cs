using RasaPlatform.Core.Listing;

namespace RasaPlatform.Core.Storage;

/// <summary>
/// The conversation listing over precomputed metadata: filtered, sorted pages with their total, and the distinct
/// names across every conversation; each restricted to a set of assistants where one is given.
/// </summary>
/// <remarks>
/// Only conversations whose metadata the projector has saved are listed; a write shows once the projector has caught
/// up with it. Flags are read live.
/// </remarks>
public interface IConversationListing
{
    Task<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken);

    /// <summary>Every name of the category some conversation lists, ordinally sorted.</summary>
    /// <param name="category">The kind of name.</param>
    /// <param name="assistants">Only conversations of these assistants; null: every conversation.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<string>> DistinctNamesAsync(NameCategory category, IReadOnlySet<string>? assistants, CancellationToken cancellationToken);

    /// <summary>The assistants that have conversations, with how many each, ordinally sorted by name.</summary>
    /// <param name="assistants">Only these assistants; null: every one.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <remarks>Conversations whose metadata names no assistant (saved before assistants were resolved) are left out.</remarks>
    Task<IReadOnlyList<AssistantConversations>> AssistantsAsync(IReadOnlySet<string>? assistants, CancellationToken cancellationToken);
}
