using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Dumps;

/// <summary>The transcript: one table row per event.</summary>
public static partial class MarkdownDumpWriter
{
    private static async Task WriteTranscriptAsync(TextSink sink, ConversationDump dump, CancellationToken cancellationToken)
    {
        sink.Line("## Transcript")
            .Line()
            .Line("| time (UTC) | speaker | text or event | intent, entities, prediction | flag |")
            .Line("|---|---|---|---|---|");
        await foreach (var stored in dump.EventsAsync(cancellationToken).ConfigureAwait(false))
        {
            var e = DumpEvent.Parse(stored);
            var (speaker, what, details) = Describe(e, dump.CorrectedIntent(stored));
            var flag = dump.IsFlagged(stored) ? "**flagged**" : string.Empty;
            sink.Line($"| {DumpTime.Format(stored.Timestamp)} | {speaker} | {what} | {details} | {flag} |");
            await sink.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }

        sink.Line();
    }

    /// <summary>Speaker, text or event, and details, each already escaped for a table cell.</summary>
    /// <param name="e">The event.</param>
    /// <param name="correctedIntent">The intent a person corrected the user message to; null when it is not corrected.</param>
    private static (string Speaker, string What, string Details) Describe(DumpEvent e, string? correctedIntent) => e.Type switch
    {
        EventTypes.User => ("user", Text(e.Text), UserDetails(e, correctedIntent)),
        EventTypes.Bot or EventTypes.Agent => (e.Type, Text(e.Text), string.Empty),
        EventTypes.Action => ("action", MarkdownText.Inline(e.Name ?? e.ActionText ?? "(no name)"), Prediction(e)),
        EventTypes.Slot => ("event", $"slot {MarkdownText.Inline(e.Name ?? "?")} = {MarkdownText.Inline(e.ValueJson)}", string.Empty),
        EventTypes.ActiveLoop or EventTypes.LegacyForm =>
            ("event", e.Name is { } loop ? $"active loop {MarkdownText.Inline(loop)}" : "active loop ended", string.Empty),
        EventTypes.Restart => ("event", "restart", string.Empty),
        EventTypes.SessionStarted => ("event", "session started", string.Empty),
        _ => ("event", MarkdownText.Inline(e.Name is { } name ? $"{e.Type} {name}" : e.Type), string.Empty),
    };

    private static string Text(string? text) => text is null ? "(no text)" : MarkdownText.Inline(text);

    private static string UserDetails(DumpEvent e, string? correctedIntent)
    {
        var parts = new List<string>();
        if (e.Intent is { } intent)
        {
            parts.Add($"intent {MarkdownText.Inline(intent)}{Confidence(e.IntentConfidence)}");
        }

        if (correctedIntent is not null)
        {
            parts.Add($"**corrected to {MarkdownText.Inline(correctedIntent)}**");
        }

        if (e.Entities.Count > 0)
        {
            parts.Add("entities " + string.Join(", ", e.Entities.Select(x => $"{MarkdownText.Inline(x.Name)}={MarkdownText.Inline(x.ValueJson)}")));
        }

        if (e.InputChannel is { } channel)
        {
            parts.Add($"via {MarkdownText.Inline(channel)}");
        }

        return string.Join("; ", parts);
    }

    private static string Prediction(DumpEvent e)
    {
        var policy = e.Policy is { } p ? $"policy {MarkdownText.Inline(p)}" : "no policy";
        return policy + Confidence(e.Confidence);
    }

    private static string Confidence(double? confidence) =>
        confidence is { } c ? $" ({DumpEvent.FormatNumber(c)})" : string.Empty;
}
