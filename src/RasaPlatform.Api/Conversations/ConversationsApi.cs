using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Api.Contracts;
using RasaPlatform.Api.Generated;
using RasaPlatform.Api.Http;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using Verbosity = RasaPlatform.Core.Tracking.EventVerbosity;

namespace RasaPlatform.Api.Conversations;

/// <summary>One conversation's tracker, events and messages; ingestion through Rasa's tracker API.</summary>
internal sealed class ConversationsApi(ConversationService conversations, IFlagStore flags, ConversationAccess access) : IConversationsController
{
    public Task<ActionResult<Tracker>> GetConversationAsync(string sender_id, double? until, bool use_history, CancellationToken cancellationToken) =>
        TrackerAsync(sender_id, until, HistoryVerbosity(use_history), cancellationToken);

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

    public async Task<ActionResult<ICollection<AnyEvent>>> GetEventsAsync(string sender_id, double? until, bool use_history, CancellationToken cancellationToken)
    {
        var view = await conversations.ReadAsync(sender_id, new EventQuery(until), cancellationToken).ConfigureAwait(false);
        return view is null
            ? NotFound(sender_id)
            : EventArray(view.WithHistory(use_history), await FlaggedAsync(sender_id, cancellationToken).ConfigureAwait(false));
    }

    public async Task<ActionResult<ICollection<Message>>> GetMessagesAsync(string sender_id, double? until, bool use_history, CancellationToken cancellationToken)
    {
        var view = await conversations.ReadAsync(sender_id, new EventQuery(until), cancellationToken).ConfigureAwait(false);
        return view is null
            ? NotFound(sender_id)
            : EventArray(view.WithHistory(use_history).Where(e => EventTypes.IsMessage(e.Type)), await FlaggedAsync(sender_id, cancellationToken).ConfigureAwait(false));
    }

    private async Task<ActionResult<Tracker>> TrackerAsync(string senderId, double? until, Verbosity verbosity, CancellationToken cancellationToken)
    {
        var view = await conversations.ReadAsync(senderId, new EventQuery(until), cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return NotFound(senderId);
        }

        var selected = view.Select(verbosity);
        return new JsonStreamResult(writer => Core.Tracking.TrackerJsonWriter.Write(
            writer,
            view.State,
            selected is null ? null : w => WriteRaw(w, selected)));
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

    private async Task<HashSet<double>> FlaggedAsync(string senderId, CancellationToken cancellationToken) =>
        [.. await flags.ReadFlaggedAsync(senderId, cancellationToken).ConfigureAwait(false)];

    /// <summary>The events as stored, each message with its <c>is_flagged</c>, as the Messaging API serves them.</summary>
    private static JsonStreamResult EventArray(IEnumerable<StoredEvent> events, HashSet<double> flagged) => new(writer =>
    {
        writer.WriteStartArray();
        foreach (var e in events)
        {
            if (EventTypes.IsMessage(e.Type))
            {
                FlaggedMessageJson.Write(writer, e.Json, flagged.Contains(e.Timestamp));
            }
            else
            {
                writer.WriteRawValue(e.Json, skipInputValidation: true);
            }
        }

        writer.WriteEndArray();
    });

    private static void WriteRaw(Utf8JsonWriter writer, IEnumerable<StoredEvent> events)
    {
        foreach (var e in events)
        {
            writer.WriteRawValue(e.Json, skipInputValidation: true);
        }
    }

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
