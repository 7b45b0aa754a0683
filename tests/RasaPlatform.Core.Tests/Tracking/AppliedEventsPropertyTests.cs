using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Tracking;

namespace RasaPlatform.Core.Tests.Tracking;

/// <summary>The replayer keeps Rasa's applied_events as an incremental fold; this checks it against the whole
/// recomputation Rasa does, on random conversations (loop names appearing late, rewinds, undos, resets).</summary>
public class AppliedEventsPropertyTests
{
    private static readonly string[] Actions = ["action_listen", "utter_a", "form_x", "form_y"];

    [Fact]
    public void AppliedEventIndexes_EqualRasasFullRecomputation_OnRandomConversations()
    {
        var random = new Random(20261121);
        for (var run = 0; run < 400; run++)
        {
            var events = Enumerable.Range(0, random.Next(1, 60)).Select(_ => RandomEvent(random)).ToList();
            var replayer = new TrackerReplayer("s");
            for (var i = 0; i < events.Count; i++)
            {
                replayer.Apply(Stored(events[i], i));
            }

            Assert.Equal(Reference(events), replayer.AppliedEventIndexes());
        }
    }

    /// <summary>
    /// The replay lets go of the user messages the state no longer shows and reads back those an undo or rewind brings
    /// back: the messages the state shows equal those of a model that keeps every event, on random conversations.
    /// </summary>
    [Fact]
    public async Task SnapshotMessages_EqualAModelKeepingEveryEvent_OnRandomConversations()
    {
        var random = new Random(20261206);
        var readsAgain = 0;
        for (var run = 0; run < 1_000; run++)
        {
            var events = Enumerable.Range(0, random.Next(1, 60)).Select(_ => RandomEvent(random)).ToList();
            var stored = events.Select(Stored).ToList();
            var replayer = new TrackerReplayer("s");
            stored.ForEach(replayer.Apply);

            var state = await replayer.SnapshotAsync(
                (range, _) =>
                {
                    readsAgain++;
                    return stored.Where(e => range.Contains(e.Sequence)).ToAsyncEnumerable();
                },
                CancellationToken.None);

            var (latest, trigger, loopActive) = ShownMessages(events);
            Assert.Equal(latest is { } l ? $"u{l}" : null, TextOf(state.LatestMessageJson));
            Assert.Equal(loopActive, state.ActiveLoop is not null);
            Assert.Equal(trigger is { } t ? $"u{t}" : null, state.ActiveLoop?.TriggerMessageJson is { } json ? TextOf(json) : null);
            var lastUser = events.FindLastIndex(e => e.Type == EventTypes.User);
            Assert.Equal(lastUser >= 0 ? $"c{lastUser}" : null, state.LatestInputChannel);
        }

        Assert.True(readsAgain > 20, $"only {readsAgain} snapshots read a message again");
    }

    /// <summary>
    /// Rasa's tracker, keeping every event: a user event becomes the latest message, a loop takes the latest message as
    /// its trigger, a reset forgets both, and an undo or rewind resets and applies the applied events again.
    /// </summary>
    private static (int? Latest, int? Trigger, bool LoopActive) ShownMessages(List<(string Type, string? Name)> events)
    {
        int? latest = null, trigger = null;
        var loopActive = false;
        void Update(int i)
        {
            switch (events[i])
            {
                case (EventTypes.User, _):
                    latest = i;
                    break;
                case (EventTypes.ActiveLoop, var name):
                    loopActive = name is not null;
                    trigger = name is null ? null : latest;
                    break;
                case (EventTypes.Restart or EventTypes.SessionStarted or EventTypes.Undo or EventTypes.Rewind, _):
                    (latest, trigger, loopActive) = (null, null, false);
                    if (events[i].Type is EventTypes.Undo or EventTypes.Rewind)
                    {
                        Reference(events.Take(i + 1).ToList()).ForEach(Update);
                    }

                    break;
            }
        }

        for (var i = 0; i < events.Count; i++)
        {
            Update(i);
        }

        return (latest, trigger, loopActive);
    }

    private static string? TextOf(string parseDataJson) =>
        System.Text.Json.JsonDocument.Parse(parseDataJson).RootElement.GetProperty("text").GetString();

    private static (string Type, string? Name) RandomEvent(Random random) => random.Next(12) switch
    {
        0 or 1 or 2 => (EventTypes.User, null),
        3 or 4 or 5 or 6 => (EventTypes.Action, Actions[random.Next(Actions.Length)]),
        7 => (EventTypes.ActiveLoop, random.Next(3) switch { 0 => null, 1 => "form_x", _ => "form_y" }),
        8 => (EventTypes.ActionExecutionRejected, "form_x"),
        9 => (random.Next(2) == 0 ? EventTypes.Undo : EventTypes.Rewind, null),
        10 => (random.Next(4) == 0 ? EventTypes.Restart : EventTypes.SessionStarted, null),
        _ => (EventTypes.Slot, "city"),
    };

    private static StoredEvent Stored((string Type, string? Name) e, int index)
    {
        var name = e.Name is null ? "null" : $"\"{e.Name}\"";
        var json = e.Type == EventTypes.User
            ? $$"""{"event":"user","text":"u{{index}}","input_channel":"c{{index}}","parse_data":{"intent":{"name":"i"},"entities":[],"text":"u{{index}}"},"timestamp":{{index}}}"""
            : $$"""{"event":"{{e.Type}}","name":{{name}},"value":1,"timestamp":{{index}}}""";
        var incoming = EventNormalizer.Normalize(System.Text.Json.JsonDocument.Parse(json).RootElement, Instant.FromUnixTimeSeconds(0), "e");
        return new StoredEvent(index, incoming.Type, incoming.Timestamp, incoming.Json, incoming.Name);
    }

    /// <summary>Rasa's applied_events, computed over the whole list with every loop name, as Rasa does.</summary>
    private static List<int> Reference(List<(string Type, string? Name)> events)
    {
        var loopNames = events.Where(e => e.Type == EventTypes.ActiveLoop && e.Name is not null).Select(e => e.Name!).ToHashSet();
        var applied = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            var (type, name) = events[i];
            if (type is EventTypes.Restart or EventTypes.SessionStarted)
            {
                applied.Clear();
            }
            else if (type == EventTypes.Undo)
            {
                UndoTill(applied, events, EventTypes.Action);
            }
            else if (type == EventTypes.Rewind)
            {
                UndoTill(applied, events, EventTypes.User);
                UndoTill(applied, events, EventTypes.Action);
            }
            else if (type == EventTypes.Action && name is not null && loopNames.Contains(name) && !FirstOrUnhappy(applied, events, name))
            {
                for (var j = applied.Count - 1; j >= 0; j--)
                {
                    var e = events[applied[j]];
                    if (e.Type == EventTypes.Action && e.Name == name)
                    {
                        break;
                    }

                    if (e.Type is EventTypes.Action or EventTypes.User)
                    {
                        applied.RemoveAt(j);
                    }
                }
            }
            else
            {
                applied.Add(i);
            }
        }

        return applied;
    }

    private static void UndoTill(List<int> applied, List<(string Type, string? Name)> events, string type)
    {
        while (applied.Count > 0)
        {
            var last = events[applied[^1]].Type;
            applied.RemoveAt(applied.Count - 1);
            if (last == type)
            {
                return;
            }
        }
    }

    private static bool FirstOrUnhappy(List<int> applied, List<(string Type, string? Name)> events, string loop)
    {
        string? next = null;
        for (var j = applied.Count - 1; j >= 0; j--)
        {
            var (type, name) = events[applied[j]];
            if ((type == EventTypes.ActiveLoop && name is null)
                || (type == EventTypes.ActionExecutionRejected && name == loop)
                || (type == EventTypes.User && next is not null && next != loop))
            {
                return true;
            }

            if (type == EventTypes.Action)
            {
                if (name == loop)
                {
                    return false;
                }

                next = name;
            }
        }

        return true;
    }
}
