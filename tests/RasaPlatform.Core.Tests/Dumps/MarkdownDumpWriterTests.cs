using System.Text.Json;
using RasaPlatform.Core.Dumps;
using RasaPlatform.Core.Events;
using static RasaPlatform.Core.Tests.Dumps.DumpFixture;

namespace RasaPlatform.Core.Tests.Dumps;

public class MarkdownDumpWriterTests
{
    /// <summary>A session with a form, entities, slots, a flagged bot and user message, a restart, and a turn after it.</summary>
    private static readonly IReadOnlyList<StoredEvent> Restaurant = Conversation(
        """{"event":"action","name":"action_session_start","timestamp":1700000000}""",
        """{"event":"session_started","timestamp":1700000000.5}""",
        """{"event":"action","name":"action_listen","timestamp":1700000001}""",
        """{"event":"user","text":"book a table in Berlin for 4","timestamp":1700000002.25,"input_channel":"rest","parse_data":{"intent":{"name":"request_table","confidence":0.93},"entities":[{"entity":"city","value":"Berlin","start":16,"end":22},{"entity":"people","value":4,"start":27,"end":28}]}}""",
        """{"event":"action","name":"restaurant_form","policy":"policy_1_RulePolicy","confidence":1.0,"timestamp":1700000003}""",
        """{"event":"active_loop","name":"restaurant_form","timestamp":1700000003.1}""",
        """{"event":"slot","name":"city","value":"Berlin","timestamp":1700000003.2}""",
        """{"event":"slot","name":"people","value":4,"timestamp":1700000003.3}""",
        """{"event":"bot","text":"Which cuisine?","timestamp":1700000003.4}""",
        """{"event":"action","name":"action_listen","timestamp":1700000003.5}""",
        """{"event":"user","text":"mexican","timestamp":1700000004,"parse_data":{"intent":{"name":"inform","confidence":0.71},"entities":[{"entity":"cuisine","value":"mexican","start":0,"end":7}]}}""",
        """{"event":"action","name":"restaurant_form","policy":"policy_1_RulePolicy","confidence":0.99,"timestamp":1700000005}""",
        """{"event":"slot","name":"cuisine","value":"mexican","timestamp":1700000005.1}""",
        """{"event":"active_loop","name":null,"timestamp":1700000005.2}""",
        """{"event":"action","name":"action_restart","policy":"policy_0_MemoizationPolicy","confidence":1,"timestamp":1700000006}""",
        """{"event":"restart","timestamp":1700000006.1}""",
        """{"event":"user","text":"hi","timestamp":1700000007,"parse_data":{"intent":{"name":"greet","confidence":1}}}""");

    [Fact]
    public async Task Write_HandBuiltConversation_IsFactsTranscriptAndBothStories()
    {
        var dump = Dump("diner-1", Restaurant, useHistory: true, 1700000004, 1700000003.4);

        var markdown = await MarkdownAsync(dump);

        Assert.Equal(
            """"
            # Debug dump of conversation diner-1

            | fact | value |
            |---|---|
            | sender id | diner-1 |
            | first event | 2023-11-14T22:13:20Z |
            | last event | 2023-11-14T22:13:27Z |
            | events | 17 |
            | user messages | 3 |
            | bot messages | 1 |
            | sessions started | 1 |
            | intents | greet, inform, request\_table |
            | latest input channel | — |
            | flagged messages | 2 |
            | review status | unread |

            ## Transcript

            | time (UTC) | speaker | text or event | intent, entities, prediction | flag |
            |---|---|---|---|---|
            | 2023-11-14T22:13:20Z | action | action\_session\_start | no policy |  |
            | 2023-11-14T22:13:20.5Z | event | session started |  |  |
            | 2023-11-14T22:13:21Z | action | action\_listen | no policy |  |
            | 2023-11-14T22:13:22.25Z | user | book a table in Berlin for 4 | intent request\_table (0.93); entities city="Berlin", people=4; via rest |  |
            | 2023-11-14T22:13:23Z | action | restaurant\_form | policy policy\_1\_RulePolicy (1) |  |
            | 2023-11-14T22:13:23.1Z | event | active loop restaurant\_form |  |  |
            | 2023-11-14T22:13:23.2Z | event | slot city = "Berlin" |  |  |
            | 2023-11-14T22:13:23.3Z | event | slot people = 4 |  |  |
            | 2023-11-14T22:13:23.4Z | bot | Which cuisine? |  | **flagged** |
            | 2023-11-14T22:13:23.5Z | action | action\_listen | no policy |  |
            | 2023-11-14T22:13:24Z | user | mexican | intent inform (0.71); entities cuisine="mexican" | **flagged** |
            | 2023-11-14T22:13:25Z | action | restaurant\_form | policy policy\_1\_RulePolicy (0.99) |  |
            | 2023-11-14T22:13:25.1Z | event | slot cuisine = "mexican" |  |  |
            | 2023-11-14T22:13:25.2Z | event | active loop ended |  |  |
            | 2023-11-14T22:13:26Z | action | action\_restart | policy policy\_0\_MemoizationPolicy (1) |  |
            | 2023-11-14T22:13:26.1Z | event | restart |  |  |
            | 2023-11-14T22:13:27Z | user | hi | intent greet (1) |  |

            ## Test story (Rasa 3 YAML)

            ```yaml
            stories:
            - story: diner-1
              steps:
              - user: |
                  book a table in [Berlin](city) for [4]{"entity": "people", "value": 4}
                intent: request_table
              - action: restaurant_form
              - active_loop: restaurant_form
              - slot_was_set:
                - city: Berlin
                - people: 4
              - user: |
                  [mexican](cuisine)
                intent: inform
              - action: restaurant_form
              - slot_was_set:
                - cuisine: mexican
              - active_loop: null
              - action: action_restart
              - user: |
                  hi
                intent: greet
            ```

            ## Story (Rasa 1.x Markdown)

            ```md
            ## Generated Story diner-1
            * request_table{"city": "Berlin", "people": 4}
                - restaurant_form
                - form{"name": "restaurant_form"}
                - slot{"city": "Berlin"}
                - slot{"people": 4}
            * inform{"cuisine": "mexican"}
                - restaurant_form
                - slot{"cuisine": "mexican"}
                - form{"name": null}
                - action_restart
            * greet
            ```

            """".Replace("\r\n", "\n", StringComparison.Ordinal),
            markdown);
    }

    [Fact]
    public async Task Write_WithoutHistory_LeavesOutEverythingUpToTheLatestRestart()
    {
        var dump = Dump("diner-2", Restaurant, useHistory: false, 1700000004);

        var markdown = await MarkdownAsync(dump);

        var facts = await dump.CountFactsAsync(CancellationToken.None);
        Assert.Equal(new DumpFacts("diner-2", 1700000007, 1700000007, 1, 1, 0, 0, [], null, 0), facts with { Intents = [] });
        Assert.Equal(["greet"], facts.Intents);
        Assert.Contains("| 2023-11-14T22:13:27Z | user | hi | intent greet (1) |  |\n\n## Test story", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("mexican", markdown, StringComparison.Ordinal);
        Assert.Contains("  steps:\n  - user: |\n      hi\n    intent: greet\n```", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_EntitiesAfterAnEmoji_AreInlineAtCodePointOffsets_WithRolesAndOtherValues()
    {
        // Python counts the emoji as one character; UTF-16 as two.
        var events = Conversation(
            """{"event":"user","text":"👋 fly from Köln to NYC","timestamp":1,"parse_data":{"intent":{"name":"fly","confidence":0.5},"entities":[{"entity":"city","value":"Köln","start":11,"end":15,"role":"from"},{"entity":"city","value":"New York","start":19,"end":22,"role":"to"}]}}""");

        var yaml = CodeBlock(await MarkdownAsync(Dump("emoji", events)), "## Test story (Rasa 3 YAML)");

        Assert.Contains("""      👋 fly from [Köln]{"entity": "city", "role": "from"} to [NYC]{"entity": "city", "value": "New York", "role": "to"}""", yaml, StringComparison.Ordinal);
        Assert.Equal("👋 fly from [Köln]{\"entity\": \"city\", \"role\": \"from\"} to [NYC]{\"entity\": \"city\", \"value\": \"New York\", \"role\": \"to\"}", YamlStory.Steps(yaml)[0]["user"]);
    }

    [Theory]
    [InlineData("say \"hi\": now")]
    [InlineData("two\nlines\n\nand a blank one")]
    [InlineData("- starts like a list item")]
    [InlineData("# starts like a comment")]
    [InlineData(" leading space")]
    [InlineData("trailing newline\n")]
    [InlineData("trailing space ")]
    [InlineData("carriage\r\nreturn")]
    [InlineData("tab\there")]
    [InlineData("bell \u0007 and nul \u0000 and del \u007f")]
    [InlineData("line\u2028separator and nel \u0085")]
    [InlineData("ünïcödé 日本語 👋")]
    [InlineData("{\"looks\": [\"like\", \"json\"]}")]
    [InlineData("yes")]
    [InlineData("null")]
    [InlineData("back\\slash \\n not a newline")]
    [InlineData("```\nfence ``` inside ````")]
    [InlineData("'single' & *star* | pipe > gt % percent @ at ! bang")]
    [InlineData("\uFEFFbyte order mark")]
    public async Task Write_TrickyUserText_ReadsBackExactlyFromTheYamlStory(string text)
    {
        var events = Conversation(
            """{"event":"user","text":""" + JsonSerializer.Serialize(text) + ""","timestamp":1,"parse_data":{"intent":{"name":"say: \"it\"","confidence":0.5}}}""",
            """{"event":"slot","name":"note","value":""" + JsonSerializer.Serialize(text) + ""","timestamp":2}""",
            """{"event":"action","name":"yes","timestamp":3}""");
        var sender = "odd \"id\": #1 - é";

        var yaml = CodeBlock(await MarkdownAsync(Dump(sender, events)), "## Test story (Rasa 3 YAML)");

        var story = YamlStory.Story(yaml);
        Assert.Equal(sender, story["story"]);
        var steps = YamlStory.Steps(yaml);
        Assert.Equal(text, steps[0]["user"]);
        Assert.Equal("say: \"it\"", steps[0]["intent"]);
        Assert.Equal(text, YamlStory.SlotValue(steps[1], "note"));
        Assert.Equal("yes", steps[2]["action"]);
    }

    [Fact]
    public async Task Write_TextWithBackticks_FencesWithMoreBackticksThanAnyRun()
    {
        var events = Conversation("""{"event":"user","text":"a ````` run and an escaped \u0060\u0060\u0060\u0060\u0060\u0060 one","timestamp":1}""");

        var markdown = await MarkdownAsync(Dump("ticks", events));

        Assert.Contains("\n```````yaml\nstories:", markdown, StringComparison.Ordinal);
        Assert.Contains("\n```````md\n## Generated Story ticks", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_NoEvents_IsAnEmptyStoryNotInvalidYaml()
    {
        var markdown = await MarkdownAsync(Dump("empty", []));

        Assert.Contains("| events | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| first event | — |", markdown, StringComparison.Ordinal);
        Assert.Empty(YamlStory.Steps(CodeBlock(markdown, "## Test story (Rasa 3 YAML)")));
    }
}
