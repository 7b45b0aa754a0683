namespace RasaPlatform.Core.Dumps;

/// <summary>Writes the Markdown debug dump: facts, transcript, a Rasa 3 YAML test story and a Rasa 1.x Markdown story.</summary>
/// <remarks>
/// <para>
/// Each part after the facts reads the events again (<see cref="ConversationDump.EventsAsync"/>) and writes as it
/// reads, flushing every <see cref="TextSink.FlushChars"/> characters, so that what is held at once does not grow
/// with the conversation. The facts come from the dump's first read, and the first bytes are sent before any part
/// reads the events again.
/// </para>
/// <para>
/// The stories leave out <c>action_listen</c>, <c>action_session_start</c>, <c>session_started</c> and bot messages,
/// as Rasa X's dump did, and keep reverted turns (the transcript shows the <c>undo</c> or <c>rewind</c>). The story is
/// named after the sender id, so a conversation always gives the same document. Code blocks are fenced with more
/// backticks than any text of the conversation holds in a row.
/// </para>
/// </remarks>
public static partial class MarkdownDumpWriter
{
    /// <summary>Writes <paramref name="dump"/> to <paramref name="output"/>, UTF-8 without byte order mark.</summary>
    public static async Task WriteAsync(Stream output, ConversationDump dump, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(dump);
        var sink = new TextSink(output);
        WriteFacts(sink, dump.Facts);
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        await WriteTranscriptAsync(sink, dump, cancellationToken).ConfigureAwait(false);
        await WriteYamlStoryAsync(sink, dump, cancellationToken).ConfigureAwait(false);
        await WriteMarkdownStoryAsync(sink, dump, cancellationToken).ConfigureAwait(false);
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteFacts(TextSink sink, DumpFacts facts)
    {
        sink.Line($"# Debug dump of conversation {MarkdownText.Inline(facts.SenderId)}")
            .Line()
            .Line("| fact | value |")
            .Line("|---|---|")
            .Line($"| sender id | {MarkdownText.Inline(facts.SenderId)} |")
            .Line($"| first event | {DumpTime.Format(facts.FirstEventTime)} |")
            .Line($"| last event | {DumpTime.Format(facts.LastEventTime)} |")
            .Line($"| events | {facts.EventCount} |")
            .Line($"| user messages | {facts.UserMessages} |")
            .Line($"| bot messages | {facts.BotMessages} |")
            .Line($"| sessions started | {facts.SessionStarts} |")
            .Line($"| intents | {(facts.Intents.Count == 0 ? "—" : string.Join(", ", facts.Intents.Select(MarkdownText.Inline)))} |")
            .Line($"| latest input channel | {(facts.LatestInputChannel is { } channel ? MarkdownText.Inline(channel) : "—")} |")
            .Line($"| flagged messages | {facts.FlaggedMessages} |")
            .Line();
    }
}
