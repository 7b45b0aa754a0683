using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using static RasaPlatform.Core.Tests.Analytics.AnalyticsEvents;

namespace RasaPlatform.Core.Tests.Analytics;

public class ConversationActivityTests
{
    [Fact]
    public void FromEvents_Rasa16Start_OneSessionAndNoPhantom()
    {
        var activity = Activity([.. SessionStart(100), .. Turn(105), .. Turn(110)]);

        var session = Assert.Single(activity.Sessions);
        Assert.Equal(new SessionActivity(At(100), At(110.3), 2, true), session);
        Assert.Equal(4, activity.Messages.Count);
        Assert.Equal([true, false, true, false], activity.Messages.Select(m => m.IsUser));
    }

    [Fact]
    public void FromEvents_SessionAfterIdleTime_PreviousSessionDoesNotAbsorbTheGap()
    {
        var activity = Activity([.. SessionStart(100), .. Turn(105), .. SessionStart(5000), .. Turn(5010)]);

        Assert.Equal(
            [new SessionActivity(At(100), At(105.3), 1, true), new SessionActivity(At(5000), At(5010.3), 1, false)],
            activity.Sessions);
        Assert.Equal(Duration.FromSeconds(5.3).TotalSeconds, activity.Sessions[0].Length.TotalSeconds, 6);
    }

    [Fact]
    public void FromEvents_DuplicatedSessionStarted_OneSession()
    {
        var activity = Activity([Action(1, "action_session_start"), SessionStarted(1.1), SessionStarted(1.2), Action(1.3, "action_listen"), .. Turn(2)]);

        var session = Assert.Single(activity.Sessions);
        Assert.Equal(At(1.2), session.Start);
        Assert.True(session.IsFirst);
    }

    [Fact]
    public void FromEvents_RestartBeforeRasa16_EndsTheSessionAndTheNextEventOpensOne()
    {
        var activity = Activity([.. Turn(1), User(3, "restart"), Action(3.1, "action_restart"), Restart(3.2), .. Turn(100)]);

        Assert.Equal(
            [new SessionActivity(At(1), At(3.2), 2, true), new SessionActivity(At(100), At(100.3), 1, false)],
            activity.Sessions);
    }

    [Fact]
    public void FromEvents_RestartThenRasa16SessionStart_OneNewSessionAtTheSessionStart()
    {
        var activity = Activity([.. SessionStart(0), .. Turn(1), User(3, "restart"), Action(3.1, "action_restart"), Restart(3.2),
            .. SessionStart(100), .. Turn(101)]);

        Assert.Equal(
            [new SessionActivity(At(0), At(3.2), 2, true), new SessionActivity(At(100), At(101.3), 1, false)],
            activity.Sessions);
    }

    [Fact]
    public void FromEvents_SessionWithoutMessages_IsNoSession_AndTheFirstSpokenSessionIsTheFirst()
    {
        var activity = Activity([.. SessionStart(0), Slot(0.5), .. SessionStart(1000), .. Turn(1001)]);

        Assert.Equal([new SessionActivity(At(1000), At(1001.3), 1, true)], activity.Sessions);
    }

    [Fact]
    public void FromEvents_OnlyMarkers_NoSessions() =>
        Assert.Empty(Activity([.. SessionStart(0), Restart(1), .. SessionStart(2)]).Sessions);

    [Fact]
    public void FromEvents_ActionSessionStartNotFollowedBySessionStarted_IsAnOrdinaryEvent()
    {
        var activity = Activity([.. Turn(1), Action(2, "action_session_start"), Action(3, "action_listen")]);

        Assert.Equal([new SessionActivity(At(1), At(3), 1, true)], activity.Sessions);
    }

    [Fact]
    public void FromEvents_ActionSessionStartLast_BelongsToTheOpenSession()
    {
        var activity = Activity([.. Turn(1), Action(9, "action_session_start")]);

        Assert.Equal(At(9), Assert.Single(activity.Sessions).End);
    }

    [Fact]
    public void FromEvents_TimestampsOutOfOrder_StartIsTheEarliestAndEndTheLatest()
    {
        var activity = Activity([User(10), Bot(5), User(20), Bot(15)]);

        Assert.Equal(new SessionActivity(At(5), At(20), 2, true), Assert.Single(activity.Sessions));
    }

    [Fact]
    public void FromEvents_ActionNameOnlyInJson_StillRecognisesActionSessionStart()
    {
        var unnamed = Action(100, "action_session_start") with { Name = null };

        var activity = Activity([.. Turn(1), unnamed, SessionStarted(100.1), .. Turn(101)]);

        Assert.Equal(At(100), activity.Sessions[1].Start);
        Assert.Equal(At(1.3), activity.Sessions[0].End);
    }

    [Fact]
    public void Build_Incrementally_SameAsAllAtOnce_AndClosedSessionsNeverChange()
    {
        StoredEvent[] events = [.. SessionStart(0), .. Turn(1), .. SessionStart(100), .. Turn(101), Restart(102), .. Turn(200)];
        var builder = new ConversationActivityBuilder("s");
        var seen = new List<SessionActivity>();
        foreach (var e in events)
        {
            builder.Add(e);
            var sessions = builder.Build().Sessions;
            if (seen.Count > 0)
            {
                Assert.Equal(seen.Take(seen.Count - 1), sessions.Take(seen.Count - 1));
            }

            seen = [.. sessions];
        }

        Assert.Equal(ConversationActivity.FromEvents("s", events), builder.Build(), ActivityComparer.Instance);
        Assert.Equal(3, seen.Count);
    }

    private static ConversationActivity Activity(IEnumerable<StoredEvent> events) => ConversationActivity.FromEvents("s", events);

    private static Instant At(double seconds) => Core.Queries.TimeArgument.FromUnixSeconds("t", seconds);

    private sealed class ActivityComparer : IEqualityComparer<ConversationActivity>
    {
        public static readonly ActivityComparer Instance = new();

        public bool Equals(ConversationActivity? x, ConversationActivity? y) =>
            x!.SenderId == y!.SenderId && x.Messages.SequenceEqual(y.Messages) && x.Sessions.SequenceEqual(y.Sessions);

        public int GetHashCode(ConversationActivity obj) => obj.SenderId.GetHashCode(StringComparison.Ordinal);
    }
}
