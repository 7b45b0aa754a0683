using System.Text.Json;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Tracking;

namespace RasaPlatform.Core.Dumps;

/// <summary>
/// Writes the JSON debug dump: the tracker state with every event carrying <c>is_flagged</c> (Rasa X), each corrected
/// user message its <c>corrected_intent</c>, and the conversation's intent corrections as <c>corrected_messages</c>.
/// </summary>
/// <remarks>
/// Streams: the state comes from the dump's first read (<see cref="ConversationDump.ReplayAsync"/>), then events are written as they are read and the output is flushed every <see cref="FlushBytes"/> bytes, so
/// what is held at once does not grow with the conversation. Events are written as stored, with only
/// <c>is_flagged</c> set (true on a flagged message, false on every other event). The conversation's
/// <c>review_status</c> follows the state.
/// </remarks>
public static class JsonDumpWriter
{
    /// <summary>Output buffered before it is flushed to the stream, in bytes (about).</summary>
    public const int FlushBytes = 16 * 1024;

    /// <summary>Writes <paramref name="dump"/> to <paramref name="output"/> as one JSON object, UTF-8.</summary>
    public static async Task WriteAsync(Stream output, ConversationDump dump, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(dump);
        var state = await dump.ReplayAsync(cancellationToken).ConfigureAwait(false);
        await using var writer = new Utf8JsonWriter(output, RawJson.CompactWriter);
        TrackerJsonWriter.WriteStart(writer, state, hasEvents: true);
        await foreach (var e in dump.EventsAsync(cancellationToken).ConfigureAwait(false))
        {
            FlaggedMessageJson.Write(writer, e.Json, dump.IsFlagged(e), dump.CorrectedIntent(e));
            if (writer.BytesPending >= FlushBytes)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        WriteCorrections(writer, dump);
        TrackerJsonWriter.WriteEnd(writer, state, hasEvents: false, w => WriteConversationFields(w, dump));
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What a conversation's answer (<c>GET /conversations/{id}</c>, and so this dump) shows beside its tracker:
    /// <c>review_status</c>, <c>assistant_id</c> (when known) and <c>tags</c>.
    /// </summary>
    public static void WriteConversationFields(Utf8JsonWriter writer, ConversationDump dump)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dump);
        writer.WriteString("review_status", Reviews.ReviewStatuses.Name(dump.ReviewStatus));
        if (dump.Assistant is { } assistant)
        {
            writer.WriteString("assistant_id", assistant);
        }

        writer.WriteStartArray("tags");
        foreach (var tag in dump.Tags)
        {
            RawConversations.RawConversationWriter.WriteTag(writer, tag);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// <c>corrected_messages</c>: <c>[{"message_timestamp", "intent"}]</c> by ascending timestamp, as the listing
    /// carries them; those of user messages the dump leaves out (before <c>until</c> or a restart) too.
    /// </summary>
    private static void WriteCorrections(Utf8JsonWriter writer, ConversationDump dump)
    {
        writer.WriteStartArray("corrected_messages");
        foreach (var (timestamp, intent) in dump.Corrections)
        {
            writer.WriteStartObject();
            writer.WriteNumber("message_timestamp", timestamp);
            writer.WriteString("intent", intent);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
