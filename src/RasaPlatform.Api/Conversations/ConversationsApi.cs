using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Contracts;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Dumps;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using Verbosity = RasaPlatform.Core.Tracking.EventVerbosity;

namespace RasaPlatform.Api.Conversations;

/// <summary>One conversation's tracker, events and messages; ingestion through Rasa's tracker API.</summary>
/// <remarks>
/// Reads stream: the conversation is read from the store as it is written to the response (the tracker in two reads,
/// the state first, as the debug dumps), so that no read holds a whole large conversation in memory.
/// </remarks>
internal sealed class ConversationsApi(ConversationService conversations, DebugDumpService reads, ConversationAccess access) : IConversationsController
{
    public async Task<ActionResult<Conversation>> GetConversationAsync(string sender_id, double? until, bool use_history, CancellationToken cancellationToken) =>
        (await TrackerAsync(sender_id, until, HistoryVerbosity(use_history), cancellationToken, withReview: true).ConfigureAwait(false)).Result!;

    public Task<ActionResult<Tracker>> GetTrackerAsync(
        string sender_id,
        double? until,
        bool use_history,
        EventVerbosity? include_events,
        CancellationToken cancellationToken) =>
        TrackerAsync(sender_id, until, ToVerbosity(include_events) ?? HistoryVerbosity(use_history), cancellationToken);

    public async Task<ActionResult<Tracker>> ReplaceTrackerAsync(
        string sender_id,
        EventVerbosity? include_events,
        IEnumerable<EventOrEvents> body,
        CancellationToken cancellationToken)
    {
        var events = body.Select(e => e.Value).ToList();
        if (await RefusedAsync(sender_id, events, WriteMode.Replace, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        await conversations.IngestAsync(sender_id, events, WriteMode.Replace, cancellationToken).ConfigureAwait(false);
        return await TrackerAsync(sender_id, null, ToVerbosity(include_events) ?? Verbosity.All, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ActionResult<Tracker>> AppendEventsAsync(
        string sender_id,
        EventVerbosity? include_events,
        EventOrEvents body,
        CancellationToken cancellationToken)
    {
        var events = body.Value.ValueKind == JsonValueKind.Array ? body.Value.EnumerateArray().ToList() : [body.Value];
        if (await RefusedAsync(sender_id, events, WriteMode.Append, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        await conversations.IngestAsync(sender_id, body.Value, WriteMode.Append, cancellationToken).ConfigureAwait(false);
        return await TrackerAsync(sender_id, null, ToVerbosity(include_events) ?? Verbosity.None, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ActionResult<ICollection<AnyEvent>>> GetEventsAsync(string sender_id, double? until, bool use_history, CancellationToken cancellationToken) =>
        await reads.OpenAsync(sender_id, until, use_history, cancellationToken).ConfigureAwait(false) is { } conversation
            ? EventArray(conversation, messagesOnly: false)
            : NotFound(sender_id);

    public async Task<ActionResult<ICollection<Message>>> GetMessagesAsync(string sender_id, double? until, bool use_history, CancellationToken cancellationToken) =>
        await reads.OpenAsync(sender_id, until, use_history, cancellationToken).ConfigureAwait(false) is { } conversation
            ? EventArray(conversation, messagesOnly: true)
            : NotFound(sender_id);

    /// <summary>The conversation's tracker, streamed; with <paramref name="withReview"/>, its review status, assistant and tags too (<c>GET /conversations/{id}</c>).</summary>
    private async Task<ActionResult<Tracker>> TrackerAsync(string senderId, double? until, Verbosity verbosity, CancellationToken cancellationToken, bool withReview = false)
    {
        var opened = withReview
            ? reads.OpenConversationAsync(senderId, until, cancellationToken)
            : reads.OpenTrackerAsync(senderId, until, cancellationToken);
        if (await opened.ConfigureAwait(false) is not { } conversation)
        {
            return NotFound(senderId);
        }

        Action<Utf8JsonWriter>? extra = withReview ? writer => JsonDumpWriter.WriteConversationFields(writer, conversation) : null;
        return new JsonStreamResult(verbosity switch
        {
            // Every event: written as the replay reads them, in one read, the state after them.
            Verbosity.All => async (writer, token) =>
            {
                Core.Tracking.TrackerJsonWriter.WriteStartWithEvents(writer, senderId);
                var state = await conversation.ReadAndReplayAsync(
                    (e, t) =>
                    {
                        writer.WriteRawValue(e.Json, skipInputValidation: true);
                        return JsonStreamResult.FlushIfFullAsync(writer, t);
                    },
                    token).ConfigureAwait(false);
                Core.Tracking.TrackerJsonWriter.WriteEndAfterEvents(writer, state, extra);
            },

            // A selection depends on events after it (a later restart or undo): the state first, then a second read.
            _ => async (writer, token) =>
            {
                var state = await conversation.ReplayAsync(token).ConfigureAwait(false);
                var hasEvents = verbosity != Verbosity.None;
                Core.Tracking.TrackerJsonWriter.WriteStart(writer, state, hasEvents);
                if (hasEvents)
                {
                    await foreach (var e in conversation.SelectedEventsAsync(verbosity, token).ConfigureAwait(false))
                    {
                        writer.WriteRawValue(e.Json, skipInputValidation: true);
                        await JsonStreamResult.FlushIfFullAsync(writer, token).ConfigureAwait(false);
                    }
                }

                Core.Tracking.TrackerJsonWriter.WriteEnd(writer, state, hasEvents, extra);
            },
        });
    }

    /// <summary>A 403 when a token limited to assistants would write events of another assistant; null otherwise.</summary>
    /// <remarks>A body holding something other than event objects is left to validation, whose 400 names the field.</remarks>
    private async Task<ObjectResult?> RefusedAsync(string senderId, List<JsonElement> events, WriteMode mode, CancellationToken cancellationToken) =>
        events.TrueForAll(e => e.ValueKind == JsonValueKind.Object)
        && await access.RefusedAssistantAsync(senderId, events, mode, cancellationToken).ConfigureAwait(false) is { } assistant
            ? Problems.Problem(
                StatusCodes.Status403Forbidden,
                "Forbidden",
                $"This token is limited to assistants {string.Join(", ", access.Access.Assistants)}; these events would store a conversation of "
                + $"assistant '{assistant}' (named by an event's metadata.assistant_id, or the default assistant when no event names one).")
            : null;

    /// <summary>
    /// The events as stored, each message with its <c>is_flagged</c>, as the Messaging API serves them, and each
    /// corrected user message with its <c>corrected_intent</c>.
    /// </summary>
    private static JsonStreamResult EventArray(ConversationDump conversation, bool messagesOnly) => new(async (writer, token) =>
    {
        writer.WriteStartArray();
        await foreach (var e in conversation.EventsAsync(token).ConfigureAwait(false))
        {
            if (EventTypes.IsMessage(e.Type))
            {
                FlaggedMessageJson.Write(writer, e.Json, conversation.IsFlagged(e), conversation.CorrectedIntent(e));
            }
            else if (!messagesOnly)
            {
                writer.WriteRawValue(e.Json, skipInputValidation: true);
            }

            await JsonStreamResult.FlushIfFullAsync(writer, token).ConfigureAwait(false);
        }

        writer.WriteEndArray();
    });

    private static ObjectResult NotFound(string senderId) => Problems.NoSuchConversation(senderId);

    private static Verbosity HistoryVerbosity(bool useHistory) => useHistory ? Verbosity.All : Verbosity.AfterRestart;

    private static Verbosity? ToVerbosity(EventVerbosity? wire) => wire switch
    {
        null => null,
        EventVerbosity.NONE => Verbosity.None,
        EventVerbosity.APPLIED => Verbosity.Applied,
        EventVerbosity.AFTER_RESTART => Verbosity.AfterRestart,
        EventVerbosity.ALL => Verbosity.All,
        _ => throw new InvalidEventException("include_events", "include_events must be one of NONE, APPLIED, AFTER_RESTART, ALL."),
    };
}
