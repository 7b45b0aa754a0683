using System.Buffers;
using System.Text;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
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

    [Fact]
    public void Rewind_ToAMessageTheReplayLetGo_ReadsThatMessageAgain_AndOnlyIt()
    {
        var replayed = Replay([
            User("first", "greet", 1), Action("utter_greet", 2), Action("action_listen", 3), User("second", "inform", 4),
            Action("action_listen", 5), User("third", "deny", 6, channel: "rest"), """{"event":"rewind","timestamp":7}""",
        ]);
        var state = replayed.Snapshot();

        Assert.Equal("inform", JsonDocument.Parse(state.LatestMessageJson).RootElement.GetProperty("intent").GetProperty("name").GetString());
        Assert.Equal("rest", state.LatestInputChannel); // The last user event, rewound or not, as Rasa.
        Assert.Equal([new SequenceRange(3, 3)], replayed.ReadsAgain);
    }

    [Fact]
    public void LoopTrigger_IsKept_WhileLaterMessagesArrive_WithoutReadingAgain()
    {
        var replayed = Replay([
            User("book", "book_table", 1), """{"event":"active_loop","name":"booking_form","timestamp":2}""",
            Action("action_listen", 3), User("4 people", "inform", 4), Action("action_listen", 5), User("at 8", "inform", 6),
        ]);
        var state = replayed.Snapshot();

        Assert.Equal("book_table", JsonDocument.Parse(state.ActiveLoop!.TriggerMessageJson!).RootElement.GetProperty("intent").GetProperty("name").GetString());
        Assert.Empty(replayed.ReadsAgain);
    }

    [Fact]
    public void EntitiesEvent_AfterARewind_AddsToTheMessageReadAgain_WithoutRepeats()
    {
        var replayed = Replay([
            User("in Berlin", "inform", 1, entities: """[{"entity":"city","value":"Berlin"}]"""), Action("action_listen", 2),
            User("bla", "nlu_fallback", 3), """{"event":"rewind","timestamp":4}""",
            """{"event":"entities","entities":[{"entity":"day","value":"Monday"},{"entity":"city","value":"Berlin"}],"timestamp":5}""",
        ]);
        var entities = JsonDocument.Parse(replayed.Snapshot().LatestMessageJson).RootElement.GetProperty("entities");

        Assert.Equal(["Berlin", "Monday"], entities.EnumerateArray().Select(e => e.GetProperty("value").GetString()));
    }

    [Fact]
    public void Snapshot_WhenTheMessageToReadAgainIsGone_Throws()
    {
        var replayer = new TrackerReplayer("s");
        var events = Stored([User("first", "greet", 1), Action("action_listen", 2), User("second", "deny", 3), """{"event":"rewind","timestamp":4}"""]);
        events.ForEach(replayer.Apply);

        var read = replayer.SnapshotAsync((_, _) => AsyncEnumerable.Empty<StoredEvent>(), CancellationToken.None);

        Assert.True(read.IsFaulted);
        Assert.Contains("sequence 0", Assert.IsType<InvalidOperationException>(read.AsTask().Exception!.InnerException).Message, StringComparison.Ordinal);
    }

    private static Replayed Replay(IEnumerable<string> events)
    {
        var replayer = new TrackerReplayer("s");
        var stored = Stored(events);
        stored.ForEach(replayer.Apply);
        return new Replayed(replayer, stored);
    }

    private static List<StoredEvent> Stored(IEnumerable<string> events) => events.Select((json, i) =>
    {
        var e = EventNormalizer.Normalize(JsonDocument.Parse(json).RootElement, Instant.FromUnixTimeSeconds(0), "e");
        return new StoredEvent(i, e.Type, e.Timestamp, e.Json);
    }).ToList();

    private static JsonElement Write(Replayed replayed, string senderId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            TrackerJsonWriter.Write(writer, replayed.Snapshot() with { SenderId = senderId }, null);
        }

        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan)).RootElement.Clone();
    }

    /// <summary>A replay over events held in memory, recording what the snapshot read again.</summary>
    private sealed class Replayed(TrackerReplayer replayer, List<StoredEvent> stored)
    {
        public List<SequenceRange> ReadsAgain { get; } = [];

        public int FirstIndexAfterLatestRestart => replayer.FirstIndexAfterLatestRestart;

        public IReadOnlyList<int> AppliedEventIndexes() => replayer.AppliedEventIndexes();

        /// <summary>The state; reading in-memory events again completes at once.</summary>
        public TrackerState Snapshot()
        {
            var snapshot = replayer.SnapshotAsync(ReadAgain, CancellationToken.None);
            return snapshot.IsCompletedSuccessfully ? snapshot.Result : throw new Xunit.Sdk.XunitException("The snapshot did not complete at once.");
        }

        private IAsyncEnumerable<StoredEvent> ReadAgain(SequenceRange range, CancellationToken cancellationToken)
        {
            ReadsAgain.Add(range);
            return stored.Where(e => range.Contains(e.Sequence)).ToAsyncEnumerable();
        }
    }

    private static string Action(string name, double ts) => $$"""{"event":"action","name":"{{name}}","timestamp":{{ts}}}""";

    private static string Slot(string name, string valueJson, double ts) => $$"""{"event":"slot","name":"{{name}}","value":{{valueJson}},"timestamp":{{ts}}}""";

    private static string User(string text, string intent, double ts, string? channel = null, string entities = "[]") =>
        $$$"""{"event":"user","text":"{{{text}}}","timestamp":{{{ts}}},"input_channel":{{{(channel is null ? "null" : $"\"{channel}\"")}}},"parse_data":{"intent":{"name":"{{{intent}}}","confidence":0.9},"entities":{{{entities}}},"text":"{{{text}}}"}}""";
}
