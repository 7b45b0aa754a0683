using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Dumps;

/// <summary>The conversation as a Rasa 3 YAML test story and as a Rasa 1.x Markdown story.</summary>
public static partial class MarkdownDumpWriter
{
    private const string UserIndent = "      ";

    private static async Task WriteYamlStoryAsync(TextSink sink, ConversationDump dump, string fence, CancellationToken cancellationToken)
    {
        sink.Line("## Test story (Rasa 3 YAML)")
            .Line()
            .Line(fence + "yaml")
            .Line("stories:")
            .Line($"- story: {YamlText.Scalar(dump.SenderId)}");
        var inSlots = false;
        var steps = 0;
        await foreach (var stored in dump.EventsAsync(cancellationToken).ConfigureAwait(false))
        {
            var e = DumpEvent.Parse(stored);
            if (!StoryStep.IsStep(e))
            {
                continue;
            }

            if (steps++ == 0)
            {
                sink.Line("  steps:");
            }

            inSlots = WriteYamlStep(sink, e, inSlots);
            await sink.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
        }

        if (steps == 0)
        {
            sink.Line("  steps: []");
        }

        sink.Line(fence).Line();
    }

    /// <returns>Whether the step was a slot (consecutive slots share one <c>slot_was_set</c> step).</returns>
    private static bool WriteYamlStep(TextSink sink, DumpEvent e, bool inSlots)
    {
        switch (e.Type)
        {
            case EventTypes.Slot:
                if (!inSlots)
                {
                    sink.Line("  - slot_was_set:");
                }

                sink.Line($"    - {YamlText.Scalar(e.Name ?? string.Empty)}: {YamlText.Flow(e.ValueJson)}");
                return true;
            case EventTypes.User:
                WriteYamlUser(sink, e);
                break;
            case EventTypes.Action when e.Name is { } action:
                sink.Line($"  - action: {YamlText.Scalar(action)}");
                break;
            case EventTypes.Action:
                sink.Line($"  - bot: {YamlText.DoubleQuoted(e.ActionText!)}");
                break;
            default:
                sink.Line($"  - active_loop: {(e.Name is { } loop ? YamlText.Scalar(loop) : "null")}");
                break;
        }

        return false;
    }

    private static void WriteYamlUser(TextSink sink, DumpEvent e)
    {
        if (e.Text is not { } text)
        {
            sink.Line($"  - intent: {YamlText.Scalar(e.Intent ?? string.Empty)}");
            return;
        }

        var annotated = StoryStep.Annotated(text, e.Entities);
        if (YamlText.FitsLiteralBlock(annotated))
        {
            sink.Line("  - user: |");
            foreach (var line in annotated.Split('\n'))
            {
                sink.Line(line.Length == 0 ? string.Empty : UserIndent + line);
            }
        }
        else
        {
            sink.Line($"  - user: {YamlText.DoubleQuoted(annotated)}");
        }

        if (e.Intent is { } intent)
        {
            sink.Line($"    intent: {YamlText.Scalar(intent)}");
        }
    }

    private static async Task WriteMarkdownStoryAsync(TextSink sink, ConversationDump dump, string fence, CancellationToken cancellationToken)
    {
        sink.Line("## Story (Rasa 1.x Markdown)")
            .Line()
            .Line(fence + "md")
            .Line($"## Generated Story {MarkdownText.OneLine(dump.SenderId)}");
        await foreach (var stored in dump.EventsAsync(cancellationToken).ConfigureAwait(false))
        {
            var e = DumpEvent.Parse(stored);
            if (StoryStep.IsStep(e) && MarkdownStep(e) is { } line)
            {
                sink.Line(line);
                await sink.FlushIfFullAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        sink.Line(fence);
    }

    /// <summary>One line of a Rasa 1.x story; null for a step that format has no line for (an end-to-end bot text).</summary>
    private static string? MarkdownStep(DumpEvent e) => e.Type switch
    {
        EventTypes.User => $"* {MarkdownText.OneLine(e.Intent ?? "None")}{MarkdownText.OneLine(StoryStep.EntityObject(e.Entities))}",
        EventTypes.Slot => $"    - slot{{{StoryStep.JsonString(e.Name ?? string.Empty)}: {MarkdownText.OneLine(e.ValueJson)}}}",
        EventTypes.Action when e.Name is { } action => $"    - {MarkdownText.OneLine(action)}",
        EventTypes.Action => null,
        _ => $"    - form{{\"name\": {(e.Name is { } loop ? StoryStep.JsonString(loop) : "null")}}}",
    };
}
