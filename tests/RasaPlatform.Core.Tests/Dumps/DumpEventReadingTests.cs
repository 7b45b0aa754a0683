using RasaPlatform.Core.Events;
using static RasaPlatform.Core.Tests.Dumps.DumpFixture;

namespace RasaPlatform.Core.Tests.Dumps;

/// <summary>How a dump reads odd stored JSON: the last of duplicate members, members of another type, bad JSON.</summary>
public class DumpEventReadingTests
{
    [Fact]
    public async Task Transcript_OddEventJson_ReadsLastMembersAndSkipsWhatItCannotRead()
    {
        StoredEvent[] events =
        [
            Stored(1, """{"event":"user","text":"first","text":"second","timestamp":1,"parse_data":{"intent":{"name":"a","confidence":0.1}},"parse_data":{"intent":{"name":"b"},"intent":{"name":"c","confidence":0.3},"entities":[{"entity":"x","value":1}],"entities":[{"entity":"y","value": { "k" : [1, 2] } },{"value":"no entity name"},{"entity":"z"}]}}"""),
            Stored(2, """{"event":"user","text":5,"timestamp":2,"input_channel":["no"],"parse_data":{"intent":{"name":"n","confidence":"0.5"}}}"""),
            Stored(3, """{"event":"user","text":"lone \ud800 surrogate","timestamp":3,"parse_data":{"intent":"not an object"}}"""),
            new StoredEvent(4, "user", 4, """{"event":"user","text":"trailing"} garbage""", null),
            new StoredEvent(5, "bot", 5, """["event","bot"]""", null),
            Stored(6, """{"event":"slot","name":"s","timestamp":6}"""),
            Stored(7, """{"event":"slot","name":"s","value":{"deep":[{"a":null}]},"timestamp":7,"value":[1,"two"]}"""),
            Stored(8, """{"event":"action","name":"act","timestamp":8,"policy":"p","confidence":1e400,"extra":{"nested":[[[]]]}}"""),
            Stored(9, """{"event":"action","n\u0061me":"escaped_member_name","timestamp":9,"confidence":-0.0}"""),
        ];

        var markdown = await MarkdownAsync(Dump("odd", events));

        Assert.Contains("| user messages | 4 |\n| bot messages | 1 |\n| sessions started | 0 |\n| intents | c, n |\n| latest input channel | — |", markdown, StringComparison.Ordinal);
        Assert.EndsWith(
            """"
            ## Transcript

            | time (UTC) | speaker | text or event | intent, entities, prediction | flag |
            |---|---|---|---|---|
            | 1970-01-01T00:00:01Z | user | second | intent c (0.3); entities y={ "k" : \[1, 2\] }, z=null |  |
            | 1970-01-01T00:00:02Z | user | (no text) | intent n |  |
            | 1970-01-01T00:00:03Z | user | "lone \\ud800 surrogate" |  |  |
            | 1970-01-01T00:00:04Z | user | (no text) |  |  |
            | 1970-01-01T00:00:05Z | bot | (no text) |  |  |
            | 1970-01-01T00:00:06Z | event | slot s = null |  |  |
            | 1970-01-01T00:00:07Z | event | slot s = \[1,"two"\] |  |  |
            | 1970-01-01T00:00:08Z | action | act | policy p (Infinity) |  |
            | 1970-01-01T00:00:09Z | action | escaped\_member\_name | no policy (-0) |  |

            ## Test story (Rasa 3 YAML)

            ```yaml
            stories:
            - story: odd
              steps:
              - user: |
                  second
                intent: c
              - intent: "n"
              - user: |
                  "lone \ud800 surrogate"
              - intent: ""
              - slot_was_set:
                - s: null
                - s: [1, two]
              - action: act
              - action: escaped_member_name
            ```

            ## Story (Rasa 1.x Markdown)

            ```md
            ## Generated Story odd
            * c{"y": { "k" : [1, 2] }, "z": null}
            * n
            * None
            * None
                - slot{"s": null}
                - slot{"s": [1,"two"]}
                - act
                - escaped_member_name
            ```

            """".Replace("\r\n", "\n", StringComparison.Ordinal),
            markdown,
            StringComparison.Ordinal);
    }
}
