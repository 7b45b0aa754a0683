using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Dumps;

/// <summary>Opens conversations for debug dumps (<see cref="JsonDumpWriter"/>, <see cref="MarkdownDumpWriter"/>).</summary>
public sealed class DebugDumpService(
    IConversationStore store,
    IFlagStore flags,
    IIntentCorrectionStore corrections,
    IReviewStore reviews,
    ITagStore tags,
    Assistants.ConversationAssistant assistants)
{
    /// <summary>
    /// Finds the conversation, its flags and its intent corrections, for its events and messages; the writers read its
    /// events (see <see cref="ConversationDump"/>).
    /// </summary>
    /// <param name="senderId">The conversation.</param>
    /// <param name="until">Inclusive upper bound on event timestamps (Unix seconds); null for none.</param>
    /// <param name="useHistory">False leaves out the events up to and including the latest <c>restart</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The dump, or null when nothing is stored for <paramref name="senderId"/>.</returns>
    /// <exception cref="Events.InvalidEventException">The id is not acceptable.</exception>
    public Task<ConversationDump?> OpenAsync(string senderId, double? until, bool useHistory, CancellationToken cancellationToken) =>
        OpenAsync(senderId, until, useHistory, withFlags: true, withReview: false, cancellationToken);

    /// <summary>Finds the conversation for a debug dump: its flags, intent corrections, review status, assistant and tags.</summary>
    /// <inheritdoc cref="OpenAsync(string, double?, bool, CancellationToken)"/>
    public Task<ConversationDump?> OpenDumpAsync(string senderId, double? until, bool useHistory, CancellationToken cancellationToken) =>
        OpenAsync(senderId, until, useHistory, withFlags: true, withReview: true, cancellationToken);

    /// <summary>Finds the conversation for its tracker, which carries no flags or corrections: they are not read.</summary>
    /// <inheritdoc cref="OpenAsync(string, double?, bool, CancellationToken)"/>
    public Task<ConversationDump?> OpenTrackerAsync(string senderId, double? until, CancellationToken cancellationToken) =>
        OpenAsync(senderId, until, useHistory: true, withFlags: false, withReview: false, cancellationToken);

    /// <summary>Finds the conversation for <c>GET /conversations/{id}</c>: its tracker with its review status, assistant and tags.</summary>
    /// <inheritdoc cref="OpenAsync(string, double?, bool, CancellationToken)"/>
    public Task<ConversationDump?> OpenConversationAsync(string senderId, double? until, CancellationToken cancellationToken) =>
        OpenAsync(senderId, until, useHistory: true, withFlags: false, withReview: true, cancellationToken);

    private async Task<ConversationDump?> OpenAsync(string senderId, double? until, bool useHistory, bool withFlags, bool withReview, CancellationToken cancellationToken)
    {
        SenderIds.Validate(senderId);
        if (await store.FindAsync(senderId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var flagged = withFlags ? (await flags.ReadFlaggedAsync(senderId, cancellationToken).ConfigureAwait(false)).ToHashSet() : [];
        var review = withReview
            ? (await reviews.StatusesAsync([senderId], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(senderId)
            : Reviews.ReviewStatus.Unread;
        var corrected = withFlags
            ? (await corrections.ReadAsync(senderId, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.MessageTimestamp, c => c.Intent)
            : null;
        var dump = ConversationDump.Open(
            senderId,
            useHistory,
            flagged,
            (sequences, token) => store.ReadEventsAsync(senderId, new EventQuery(until) { Sequences = sequences }, token),
            corrected,
            review);
        return withReview
            ? dump.WithAssistantAndTags(
                await assistants.OfAsync(senderId, cancellationToken).ConfigureAwait(false),
                await tags.ReadTagsAsync(senderId, cancellationToken).ConfigureAwait(false))
            : dump;
    }
}
