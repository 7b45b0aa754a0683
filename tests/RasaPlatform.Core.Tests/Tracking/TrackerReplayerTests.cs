using System.Buffers;
using System.Text;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Tracking;
using RasaPlatform.Testing;

namespace RasaPlatform.Core.Tests.Tracking;

public class TrackerReplayerTests
{
    [Fact]
    public void Replay_MoodbotTracker_EqualsTheStateRasaComputed()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("rasa/tracker_moodbot.json")));
        var oracle = file.RootElement;
        var state = Write(Replay(oracle.GetProperty("events").EnumerateArray().Select(e => e.GetRawText())), "mysender");

        foreach (var field in new[] { "latest_message", "latest_event_time", "followup_action", "paused", "latest_action_name",
                     "latest_action", "active_loop", "latest_input_channel", "sender_id" })
        {
            JsonAssert.Equal(oracle.GetProperty(field), state.GetProperty(field));
        }

        // Rasa lists the domain's slots; a store has no domain, so unset (null) slots may be absent. Set ones must match.
        foreach (var slot in oracle.GetProperty("slots").EnumerateObject())
        {
            var ours = state.GetProperty("slots").TryGetProperty(slot.Name, out var value) ? value.GetRawText() : "null";
            JsonAssert.Equal(slot.Value.GetRawText(), ours);
        }
    }

    [Fact]
    public void Replay_Empty_IsRasasInitialState()
    {
        var state = Write(Replay([]), "s");

        Assert.Equal("action_listen", state.GetProperty("followup_action").GetString());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("latest_event_time").ValueKind);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("latest_action_name").ValueKind);
        JsonAssert.Equal("{}", state.GetProperty("latest_action").GetRawText());
        JsonAssert.Equal("""{"intent":{},"entities":[],"text":null,"message_id":null,"metadata":{}}""", state.GetProperty("latest_message").GetRawText());
    }

    [Fact]
    public void Restart_ResetsSlotsAndSchedulesSessionStart()
    {
        var replayer = Replay([
            Slot("city", "\"Berlin\"", 1), User("hi", "greet", 2, channel: "rest"), """{"event":"pause","timestamp":3}""",
            """{"event":"restart","timestamp":4}""",
        ]);
        var state = replayer.Snapshot();

        Assert.Equal("null", Assert.Single(state.Slots).Value);
        Assert.Equal("action_session_start", state.FollowupAction);
        Assert.False(state.Paused);
        Assert.Equal("rest", state.LatestInputChannel); // Rasa reads it over all events, restart or not.
        Assert.Equal(4, replayer.FirstIndexAfterLatestRestart);
        JsonAssert.Equal("{}", JsonDocument.Parse(state.LatestMessageJson).RootElement.GetProperty("intent").GetRawText());
    }

    [Fact]
    public void SessionStarted_ResetsState_ButKeepsSlotNames()
    {
        var state = Replay([Slot("city", "\"Berlin\"", 1), """{"event":"session_started","timestamp":2}""", Action("action_listen", 3)]).Snapshot();

        Assert.Equal(new KeyValuePair<string, string>("city", "null"), Assert.Single(state.Slots));
        Assert.Null(state.FollowupAction);
        Assert.Equal("action_listen", state.LatestActionName);
    }

    [Fact]
    public void Undo_RevertsTheLatestActionAndWhatFollowedIt()
    {
        var replayer = Replay([
            Action("action_listen", 1), User("hi", "greet", 2), Action("action_search", 3), Slot("found", "true", 4),
            """{"event":"undo","timestamp":5}""",
        ]);
        var state = replayer.Snapshot();

        Assert.Equal("action_listen", state.LatestActionName);
        Assert.Equal("null", Assert.Single(state.Slots).Value);
        Assert.Equal([0, 1], replayer.AppliedEventIndexes());
    }

    [Fact]
    public void Rewind_RevertsTheLatestUserMessageAndTheListenBeforeIt()
    {
        var replayer = Replay([
            Action("action_listen", 1), User("hi", "greet", 2), Action("utter_greet", 3), Action("action_listen", 4),
            User("bla", "nlu_fallback", 5), """{"event":"rewind","timestamp":6}""",
        ]);
        var state = replayer.Snapshot();

        Assert.Equal("utter_greet", state.LatestActionName);
        Assert.Equal("greet", JsonDocument.Parse(state.LatestMessageJson).RootElement.GetProperty("intent").GetProperty("name").GetString());
        Assert.Equal([0, 1, 2], replayer.AppliedEventIndexes());
    }

    [Fact]
    public void ResetSlots_NullsEverySlot()
    {
        var state = Replay([Slot("a", "1", 1), Slot("b", "[1,2]", 2), """{"event":"reset_slots","timestamp":3}""", Slot("b", "{\"x\":true}", 4)]).Snapshot();

        Assert.Equal([new("a", "null"), new("b", "{\"x\":true}")], state.Slots);
    }

    [Fact]
    public void Followup_IsClearedByTheNextAction()
    {
        Assert.Equal("utter_x", Replay([Action("action_listen", 1), """{"event":"followup","name":"utter_x","timestamp":2}"""]).Snapshot().FollowupAction);
        Assert.Null(Replay([Action("action_listen", 1), """{"event":"followup","name":"utter_x","timestamp":2}""", Action("utter_x", 3)]).Snapshot().FollowupAction);
    }

    [Fact]
    public void ActiveLoop_TracksTriggerInterruptionAndRejection()
    {
        var events = new List<string>
        {
            User("book", "book_table", 1), """{"event":"active_loop","name":"booking_form","timestamp":2}""",
            """{"event":"loop_interrupted","is_interrupted":true,"timestamp":3}""",
            """{"event":"action_execution_rejected","name":"booking_form","timestamp":4}""",
        };
        var loop = Replay(events).Snapshot().ActiveLoop!;

        Assert.Equal("booking_form", loop.Name);
        Assert.True(loop.IsInterrupted);
        Assert.True(loop.Rejected);
        Assert.Equal("book_table", JsonDocument.Parse(loop.TriggerMessageJson!).RootElement.GetProperty("intent").GetProperty("name").GetString());

        events.Add(Action("booking_form", 5));
        var after = Replay(events).Snapshot().ActiveLoop!;
        Assert.False(after.IsInterrupted);
        Assert.False(after.Rejected);

        events.Add("""{"event":"form","name":null,"timestamp":6}""");
        Assert.Null(Replay(events).Snapshot().ActiveLoop);
    }

    [Fact]
    public void EntitiesEvent_AddsToTheLatestMessage()
    {
        var state = Replay([User("in Berlin", "inform", 1), """{"event":"entities","entities":[{"entity":"city","value":"Berlin"}],"timestamp":2}"""]).Snapshot();

        var entities = JsonDocument.Parse(state.LatestMessageJson).RootElement.GetProperty("entities");
        Assert.Equal("Berlin", Assert.Single(entities.EnumerateArray()).GetProperty("value").GetString());
    }

    [Fact]
    public void EndToEndAction_ReportsItsText()
    {
        var state = Replay(["""{"event":"action","name":null,"action_text":"Hello!","timestamp":1}"""]).Snapshot();

        Assert.Equal("Hello!", state.LatestActionName);
        Assert.True(state.LatestActionIsText);
    }

    [Fact]
    public void LatestEventTime_IsTheLastEventsInArrivalOrder_NotTheMaximum()
    {
        Assert.Equal(5, Replay([Action("a", 9), Action("b", 5)]).Snapshot().LatestEventTime);
    }

    [Fact]
    public void RepeatedLoopExecution_LeavesOutTheTurnsInBetween_AsRasa()
    {
        var replayer = Replay([
            User("book", "book", 1), Action("booking_form", 2), """{"event":"active_loop","name":"booking_form","timestamp":3}""",
            Action("action_listen", 4), User("4 people", "inform", 5), Action("booking_form", 6),
        ]);

        // On a happy path the loop's repeat folds into its first execution: the listen and user turn in between and
        // the repeat itself drop out of the applied events, as in Rasa's applied_events.
        Assert.Equal([0, 1, 2], replayer.AppliedEventIndexes());
    }

    private static TrackerReplayer Replay(IEnumerable<string> events)
    {
        var replayer = new TrackerReplayer("s");
        var i = 0;
        foreach (var json in events)
        {
            var e = EventNormalizer.Normalize(JsonDocument.Parse(json).RootElement, Instant.FromUnixTimeSeconds(0), "e");
            replayer.Apply(new StoredEvent(i++, e.Type, e.Timestamp, e.Json));
        }

        return replayer;
    }

    private static JsonElement Write(TrackerReplayer replayer, string senderId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            TrackerJsonWriter.Write(writer, replayer.Snapshot() with { SenderId = senderId }, null);
        }

        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan)).RootElement.Clone();
    }

    private static string Action(string name, double ts) => $$"""{"event":"action","name":"{{name}}","timestamp":{{ts}}}""";

    private static string Slot(string name, string valueJson, double ts) => $$"""{"event":"slot","name":"{{name}}","value":{{valueJson}},"timestamp":{{ts}}}""";

    private static string User(string text, string intent, double ts, string? channel = null) =>
        $$$"""{"event":"user","text":"{{{text}}}","timestamp":{{{ts}}},"input_channel":{{{(channel is null ? "null" : $"\"{channel}\"")}}},"parse_data":{"intent":{"name":"{{{intent}}}","confidence":0.9},"entities":[],"text":"{{{text}}}"}}""";
}
