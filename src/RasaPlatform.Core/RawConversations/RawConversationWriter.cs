using System.Text.Json;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Core.RawConversations;

/// <summary>
/// Writes a raw export page as <c>{"conversations":[{"id","conversationEvents","tags"}],"count","next_offset"}</c>
/// (Rasa Studio's <c>RawConversationsOutput</c>, with <c>next_offset</c> while more conversations remain).
/// </summary>
/// <remarks>
/// Streams: events are written as the store reads them, exactly as stored, and the output is flushed every
/// <see cref="FlushBytes"/> bytes, so what is held at once does not grow with the page. Nothing reaches the stream
/// before that much is written or the page is complete, so a failure to read the page's first conversations still
/// leaves the response unstarted.
/// </remarks>
public static class RawConversationWriter
{
    /// <summary>Output buffered before it is flushed to the stream, in bytes (about).</summary>
    public const int FlushBytes = 16 * 1024;

    /// <summary>Writes the page the parts describe, one JSON object, UTF-8.</summary>
    /// <param name="output">The stream written to.</param>
    /// <param name="parts">What <see cref="Storage.IRawConversationStore.ReadAsync"/> yields.</param>
    /// <param name="offset">The query's offset, for <c>next_offset</c>.</param>
    /// <param name="cancellationToken">Cancels reading and writing.</param>
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<RawConversationPart> parts, long offset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(parts);
        await using var writer = new Utf8JsonWriter(output, RawJson.CompactWriter);
        long? count = null;
        long listed = 0;
        RawConversationStart? current = null;
        writer.WriteStartObject();
        writer.WriteStartArray("conversations");
        await foreach (var part in parts.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            switch (part)
            {
                case RawConversationCount c:
                    count = c.Count;
                    break;
                case RawConversationStart start:
                    if (current is not null)
                    {
                        EndConversation(writer, current);
                    }

                    writer.WriteStartObject();
                    writer.WriteString("id", start.SenderId);
                    writer.WriteStartArray("conversationEvents");
                    current = start;
                    listed++;
                    break;
                case RawConversationEvent e:
                    writer.WriteRawValue(e.Json, skipInputValidation: true);
                    break;
            }

            if (writer.BytesPending >= FlushBytes)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (current is not null)
        {
            EndConversation(writer, current);
        }

        writer.WriteEndArray();
        var total = count ?? throw new InvalidOperationException("The store yielded no count.");
        writer.WriteNumber("count", total);
        if (offset + listed < total)
        {
            writer.WriteNumber("next_offset", offset + listed);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a tag as the export and the API show it: <c>{"id","name","assistantId"}</c>.</summary>
    public static void WriteTag(Utf8JsonWriter writer, ConversationTag tag)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tag);
        writer.WriteStartObject();
        writer.WriteNumber("id", tag.Id);
        writer.WriteString("name", tag.Name);
        writer.WriteString("assistantId", tag.Assistant);
        writer.WriteEndObject();
    }

    private static void EndConversation(Utf8JsonWriter writer, RawConversationStart conversation)
    {
        writer.WriteEndArray();
        writer.WriteStartArray("tags");
        foreach (var tag in conversation.Tags)
        {
            WriteTag(writer, tag);
        }

        writer.WriteEndArray();
        writer.WriteString("reviewStatus", Reviews.ReviewStatuses.Name(conversation.ReviewStatus));
        writer.WriteEndObject();
    }
}
