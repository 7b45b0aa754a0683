namespace RasaPlatform.Core.Dumps;

/// <summary>Writes the Markdown debug dump: facts, transcript, a Rasa 3 YAML test story and a Rasa 1.x Markdown story.</summary>
/// <remarks>
/// <para>
/// The title line, which needs only the sender id, is sent before anything is read, so the download starts at once.
/// The facts come from the dump's first read (<see cref="ConversationDump.CountFactsAsync"/>, which counts and does not
/// replay); each part after them reads the events again (<see cref="ConversationDump.EventsAsync"/>) and writes as it
/// reads, flushing every <see cref="TextSink.FlushChars"/> characters, so that what is held at once does not grow
/// with the conversation. A read that fails after the title was sent aborts the response.
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
        sink.Line($"# Debug dump of conversation {MarkdownText.Inline(dump.SenderId)}");
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        var (facts, fenceLength) = await dump.CountAsync(cancellationToken).ConfigureAwait(false);
        WriteFacts(sink, facts, dump.ReviewStatus);
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        await WriteTranscriptAsync(sink, dump, cancellationToken).ConfigureAwait(false);
        var fence = new string('`', fenceLength);
        await WriteYamlStoryAsync(sink, dump, fence, cancellationToken).ConfigureAwait(false);
        await WriteMarkdownStoryAsync(sink, dump, fence, cancellationToken).ConfigureAwait(false);
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The facts table, after the title line.</summary>
    private static void WriteFacts(TextSink sink, DumpFacts facts, Reviews.ReviewStatus review)
    {
        sink.Line()
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
            .Line($"| review status | {Reviews.ReviewStatuses.Name(review)} |")
            .Line();
    }
}
