using System.Text.Json;
using RasaPlatform.Testing;
using static RasaPlatform.Core.Tests.Dumps.DumpFixture;

namespace RasaPlatform.Core.Tests.Dumps;

/// <summary>Rasa's moodbot test tracker (shared/data): its dumps against the state Rasa computed and its turns.</summary>
public class MoodbotDumpTests
{
    private static readonly JsonElement Oracle = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("rasa/tracker_moodbot.json"))).RootElement;

    private static IReadOnlyList<Events.StoredEvent> Events() =>
        [.. Oracle.GetProperty("events").EnumerateArray().Select((e, i) => Stored(i + 1, e.GetRawText()))];

    [Fact]
    public async Task Json_IsTheStateRasaComputed_WithIsFlaggedOnEveryEvent()
    {
        var json = await JsonAsync(Dump("mysender", Events(), true, 1517821726.209836));

        foreach (var field in new[] { "sender_id", "latest_message", "latest_event_time", "followup_action", "paused", "latest_action_name", "active_loop" })
        {
            JsonAssert.Equal(Oracle.GetProperty(field), json.GetProperty(field));
        }

        var flags = json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("is_flagged").GetBoolean());
        Assert.Equal([false, false, false, false, true, false, false], flags);
    }

    [Fact]
    public async Task Markdown_HasTheFactsAndBothStoriesOfItsTwoTurns()
    {
        var markdown = await MarkdownAsync(Dump("mysender", Events(), true, 1517821726.209836));

        Assert.Contains("| first event | 2018-02-05T09:08:46.211031Z |\n| last event | 2018-02-05T09:08:46.211042Z |\n| events | 7 |\n| user messages | 2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| intents | greet, mood\\_great |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2018-02-05T09:08:46.209836Z | user | /mood\\_great | intent mood\\_great (0.6) | **flagged** |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2018-02-05T09:08:46.209908Z | action | utter\\_happy | policy policy\\_1\\_TEDPolicy (0.8) |  |", markdown, StringComparison.Ordinal);
        Assert.Equal(
            "stories:\n- story: mysender\n  steps:\n  - user: |\n      /greet\n    intent: greet\n  - action: utter_greet\n"
            + "  - user: |\n      /mood_great\n    intent: mood_great\n  - action: utter_happy\n",
            CodeBlock(markdown, "## Test story (Rasa 3 YAML)"));
        Assert.Equal(
            "## Generated Story mysender\n* greet\n    - utter_greet\n* mood_great\n    - utter_happy\n",
            CodeBlock(markdown, "## Story (Rasa 1.x Markdown)"));
    }
}
