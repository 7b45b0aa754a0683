using System.Text.Json;

namespace RasaPlatform.Core.Tracking;

/// <summary>Writes a tracker state in Rasa's tracker JSON shape (<c>DialogueStateTracker.current_state</c>).</summary>
public static class TrackerJsonWriter
{
    /// <summary>Writes the state as one JSON object.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="state">The replayed state.</param>
    /// <param name="writeEvents">Writes the <c>events</c> array's items; null writes <c>"events": null</c>.</param>
    public static void Write(Utf8JsonWriter writer, TrackerState state, Action<Utf8JsonWriter>? writeEvents)
    {
        WriteStart(writer, state, hasEvents: writeEvents is not null);
        writeEvents?.Invoke(writer);
        WriteEnd(writer, state, hasEvents: writeEvents is not null);
    }

    /// <summary>Writes the object up to the <c>events</c> array's first item (or <c>"events": null</c>).</summary>
    /// <remarks>Lets a caller write the items asynchronously, flushing as it goes; <see cref="WriteEnd"/> finishes.</remarks>
    public static void WriteStart(Utf8JsonWriter writer, TrackerState state, bool hasEvents)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(state);
        writer.WriteStartObject();
        writer.WriteString("sender_id", state.SenderId);
        WriteLeadingFields(writer, state);
        if (hasEvents)
        {
            writer.WriteStartArray("events");
        }
        else
        {
            writer.WriteNull("events");
        }
    }

    /// <summary>Closes the <c>events</c> array (when there is one) and writes the rest of the object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="state">The state after the events.</param>
    /// <param name="hasEvents">Whether an <c>events</c> array is open.</param>
    /// <param name="extra">Writes members of the caller's own after the tracker's, or null.</param>
    public static void WriteEnd(Utf8JsonWriter writer, TrackerState state, bool hasEvents, Action<Utf8JsonWriter>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(state);
        if (hasEvents)
        {
            writer.WriteEndArray();
        }

        WriteTrailingFields(writer, state);
        extra?.Invoke(writer);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes the object up to the <c>events</c> array's first item with no state before it: for a writer that
    /// replays the events as it writes them, in one read, and knows the state only after the last
    /// (<see cref="WriteEndAfterEvents"/>). JSON members have no order; Rasa's own clients read the object as a dict.
    /// </summary>
    public static void WriteStartWithEvents(Utf8JsonWriter writer, string senderId)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("sender_id", senderId);
        writer.WriteStartArray("events");
    }

    /// <summary>Closes the <c>events</c> array <see cref="WriteStartWithEvents"/> opened, then writes the whole state.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="state">The state after the events.</param>
    /// <param name="extra">Writes members of the caller's own after the tracker's, or null.</param>
    public static void WriteEndAfterEvents(Utf8JsonWriter writer, TrackerState state, Action<Utf8JsonWriter>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(state);
        writer.WriteEndArray();
        WriteLeadingFields(writer, state);
        WriteTrailingFields(writer, state);
        extra?.Invoke(writer);
        writer.WriteEndObject();
    }

    /// <summary>The fields Rasa writes before <c>events</c>.</summary>
    private static void WriteLeadingFields(Utf8JsonWriter writer, TrackerState state)
    {
        writer.WriteStartObject("slots");
        foreach (var (name, value) in state.Slots)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(value, skipInputValidation: true);
        }

        writer.WriteEndObject();
        writer.WritePropertyName("latest_message");
        writer.WriteRawValue(state.LatestMessageJson, skipInputValidation: true);
        WriteNullableNumber(writer, "latest_event_time", state.LatestEventTime);
        writer.WriteString("followup_action", state.FollowupAction);
        writer.WriteBoolean("paused", state.Paused);
    }

    /// <summary>The fields Rasa writes after <c>events</c>.</summary>
    private static void WriteTrailingFields(Utf8JsonWriter writer, TrackerState state)
    {
        writer.WriteString("latest_input_channel", state.LatestInputChannel);
        WriteActiveLoop(writer, state.ActiveLoop);
        WriteLatestAction(writer, state);
        writer.WriteString("latest_action_name", state.LatestActionName);
    }

    private static void WriteActiveLoop(Utf8JsonWriter writer, ActiveLoopState? loop)
    {
        writer.WriteStartObject("active_loop");
        if (loop is not null)
        {
            writer.WriteString("name", loop.Name);
            writer.WriteBoolean("is_interrupted", loop.IsInterrupted);
            writer.WriteBoolean("rejected", loop.Rejected);
            writer.WritePropertyName("trigger_message");
            writer.WriteRawValue(loop.TriggerMessageJson ?? "null", skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    private static void WriteLatestAction(Utf8JsonWriter writer, TrackerState state)
    {
        writer.WriteStartObject("latest_action");
        if (state.LatestActionName is { } action)
        {
            writer.WriteString(state.LatestActionIsText ? "action_text" : "action_name", action);
        }

        writer.WriteEndObject();
    }

    private static void WriteNullableNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
