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
        OpenAsync(senderId, until, useHistory, Reads.Flags, cancellationToken);

    /// <summary>
    /// Finds the conversation for the JSON debug dump, which is the conversation's answer with flags: its flags, intent
    /// corrections, review status, assistant and tags.
    /// </summary>
    /// <inheritdoc cref="OpenAsync(string, double?, bool, CancellationToken)"/>
    public Task<ConversationDump?> OpenJsonDumpAsync(string senderId, double? until, bool useHistory, CancellationToken cancellationToken) =>
        OpenAsync(senderId, until, useHistory, Reads.Flags | Reads.Review | Reads.AssistantAndTags, cancellationToken);

    /// <summary>Finds the conversation for the Markdown debug dump: its flags, intent corrections and review status.</summary>
    /// <inheritdoc cref="OpenAsync(string, double?, bool, CancellationToken)"/>
    public Task<ConversationDump?> OpenMarkdownDumpAsync(string senderId, double? until, bool useHistory, CancellationToken cancellationToken) =>
        OpenAsync(senderId, until, useHistory, Reads.Flags | Reads.Review, cancellationToken);

    /// <summary>Finds the conversation for its tracker, which carries no flags or corrections: they are not read.</summary>
    /// <inheritdoc cref="OpenAsync(string, double?, bool, CancellationToken)"/>
    public Task<ConversationDump?> OpenTrackerAsync(string senderId, double? until, CancellationToken cancellationToken) =>
        OpenAsync(senderId, until, useHistory: true, Reads.None, cancellationToken);

    /// <summary>Finds the conversation for <c>GET /conversations/{id}</c>: its tracker with its review status, assistant and tags.</summary>
    /// <inheritdoc cref="OpenAsync(string, double?, bool, CancellationToken)"/>
    public Task<ConversationDump?> OpenConversationAsync(string senderId, double? until, CancellationToken cancellationToken) =>
        OpenAsync(senderId, until, useHistory: true, Reads.Review | Reads.AssistantAndTags, cancellationToken);

    private async Task<ConversationDump?> OpenAsync(string senderId, double? until, bool useHistory, Reads reads, CancellationToken cancellationToken)
    {
        SenderIds.Validate(senderId);
        if (await store.FindAsync(senderId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var withFlags = reads.HasFlag(Reads.Flags);
        var flagged = withFlags ? (await flags.ReadFlaggedAsync(senderId, cancellationToken).ConfigureAwait(false)).ToHashSet() : [];
        var review = reads.HasFlag(Reads.Review)
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
        return reads.HasFlag(Reads.AssistantAndTags)
            ? dump.WithAssistantAndTags(
                await assistants.OfAsync(senderId, cancellationToken).ConfigureAwait(false),
                await tags.ReadTagsAsync(senderId, cancellationToken).ConfigureAwait(false))
            : dump;
    }

    /// <summary>What an opener reads besides the conversation's events: only what its answer writes.</summary>
    [Flags]
    private enum Reads
    {
        None = 0,
        Flags = 1,
        Review = 2,
        AssistantAndTags = 4,
    }
}
