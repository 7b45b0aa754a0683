using RasaPlatform.Core.Markers;

namespace RasaPlatform.Core.Tests.Markers;

/// <summary>The cases of Rasa's marker test suite (tests/core/evaluation/test_marker.py), and REFERENCE.md §7's rules where we differ.</summary>
public class MarkerEvaluatorTests
{
    private static readonly string[] Conditions = ["action", "intent", "slot_was_set"];

    [Theory]
    [InlineData("action", 3)]
    [InlineData("intent", 3)]
    [InlineData("slot_was_set", 3)]
    [InlineData("not_action", 12)]
    [InlineData("not_intent", 12)]
    [InlineData("slot_was_not_set", 12)]
    public void Condition_AppliesAnExactNumberOfTimes_SlotsUnsetAtOnce(string tag, int expected)
    {
        var events = Repeat(3, U("1"), U("same-text"), S("same-text", true), S("same-text", false), A("same-text"));

        Assert.Equal(expected, History($"{tag}: same-text", events).Count(v => v));
    }

    [Theory]
    [InlineData("intent", new[] { 1, 3, 5 })]
    [InlineData("action", new[] { 2, 4, 6 })]
    [InlineData("slot_was_set", new[] { 2, 4, 6 })]
    public void Condition_ReportsThePrecedingUserTurnsOfEachApplication(string tag, int[] expected)
    {
        var events = Repeat(3, U("1"), U("same-text"), S("same-text", true), S("same-text", false), A("same-text"));

        var results = Evaluate($"marker_name: {{{tag}: same-text}}", events);

        Assert.Equal(expected, results.Applications.Select(a => a.PrecedingUserTurns));
        Assert.All(results.Applications, a => Assert.Equal(0, a.SessionIndex));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Or_AppliesWhereAnySubMarkerDoes(bool negated)
    {
        var history = History(Negate(negated, "or", "[{intent: '1'}, {intent: '2'}]"), [U("1"), U("unknown"), U("2"), U("unknown")]);

        Assert.Equal(Flip(negated, true, false, true, false), history);
    }

    [Fact]
    public void Not_AppliesWhereItsSubMarkerDoesNot()
    {
        Assert.Equal([false, true], History("not: [{intent: '1'}]", [U("1"), U("unknown")]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void And_AppliesWhereAllSubMarkersDo(bool negated)
    {
        var events = new[] { U("1"), S("2", true), U("1"), S("2", false), U("1"), S("2", true), U("2") };

        var history = History(Negate(negated, "and", "[{intent: '1'}, {slot_was_set: '2'}]"), events);

        Assert.Equal(Flip(negated, false, false, true, false, false, false, false), history);
    }

    [Fact]
    public void Seq_StepsThroughItsSubMarkersWithEventsBetween()
    {
        var events = new[] { U("1"), A("unrelated event that does not interrupt the sequence"), U("2"), U("3"), U("1"), U("2") };

        Assert.Equal([false, false, true, false, false, true], History("seq: [{intent: '1'}, {intent: '2'}]", events));
    }

    [Fact]
    public void Seq_MatchesDoNotOverlap()
    {
        var events = new[] { U("1"), U("2"), U("1"), U("2"), U("3"), U("3") };

        Assert.Equal([false, false, false, false, true, false], History("seq: [{intent: '1'}, {intent: '2'}, {intent: '3'}]", events));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AtLeastOnce_AppliesFromTheFirstTimeItsSubMarkerDoes_AndReportsThatEventOnly(bool negated)
    {
        var events = new[] { U("0"), S("2", false), U("1"), S("2", false), U("2"), S("2", true), U("2") };
        var tag = negated ? "never" : "at_least_once";
        var definition = $"{tag}: [{{or: [{{intent: '1'}}, {{slot_was_set: '2'}}]}}]";

        var history = History(definition, events);
        var applications = Evaluate($"m: {{{definition}}}", events).Applications;

        Assert.Equal(Flip(negated, false, false, true, true, true, true, true), history);
        Assert.Equal([history.IndexOf(true)], applications.Select(a => a.EventIndex));
    }

    [Fact]
    public void AtLeastOnce_NeverApplied_ReportsNothing()
    {
        var events = new[] { U("2"), S("2", false), U("0"), S("1", true) };

        Assert.Empty(Evaluate("or_at_some_point: {at_least_once: [{or: [{intent: '1'}, {slot_was_set: '2'}]}]}", events).Applications);
    }

    [Fact]
    public void Never_WhenItsSubMarkerAppliesAtTheFirstEvent_ReportsNothing()
    {
        var events = new[] { U("1"), S("2", false), U("0"), S("1", true) };

        Assert.Empty(Evaluate("or_never_occurred: {never: [{or: [{intent: '1'}, {slot_was_set: '2'}]}]}", events).Applications);
    }

    [Fact]
    public void Never_WhenItsSubMarkerNeverApplies_ReportsTheSessionsFirstEvent()
    {
        var events = new[] { A(MarkerEvent.SessionStart), U("0"), U("0") };

        var application = Assert.Single(Evaluate("no_help: {never: [{intent: help}]}", events).Applications);

        Assert.Equal((0, 0), (application.EventIndex, application.PrecedingUserTurns));
    }

    [Fact]
    public void NestedOperators_ApplyWhereTheirTreeDoes()
    {
        var events = new[] { U("1"), U("2"), U("3"), S("s1", true), U("4"), U("5"), U("6") };

        var results = Evaluate("marker_name: {and: [{slot_was_set: s1}, {or: [{intent: '4'}, {intent: '6'}]}]}", events);

        Assert.Equal([3, 5], results.Applications.Select(a => a.PrecedingUserTurns));
    }

    [Fact]
    public void Sessions_AreEvaluatedSeparately_ASlotSetDoesNotLeak()
    {
        var start = A(MarkerEvent.SessionStart);
        var events = new[] { start, U("ignored"), U("ignored"), U("ignored"), S("same-text", true), start, U("no-slot-set-here"), U("no-slot-set-here") };

        var results = Evaluate("my-marker: {slot_was_set: same-text}", events);

        Assert.Equal(2, results.Sessions.Count);
        var application = Assert.Single(results.Applications);
        Assert.Equal((0, 3), (application.SessionIndex, application.PrecedingUserTurns));
    }

    [Fact]
    public void Sessions_EventIndicesAreTheConversations_NotTheSessions()
    {
        var start = A(MarkerEvent.SessionStart);
        var events = new[] { start, U("ignored"), U("ignored"), U("ignored"), S("same-text", true), start, U("x"), U("x"), S("same-text", true) };

        var results = Evaluate("my-marker: {slot_was_set: same-text}", events);

        Assert.Equal([(0, 4, 3), (1, 8, 2)], results.Applications.Select(a => (a.SessionIndex, a.EventIndex, a.PrecedingUserTurns)));
    }

    [Fact]
    public void Sessions_EventsBeforeTheFirstSessionStart_BelongToNone_AndKeepTheirIndices()
    {
        var start = A(MarkerEvent.SessionStart, timestamp: 5);
        var events = new[] { S("2", true), S("7", true), start, U("hello"), S("7", true) };

        var results = Evaluate("marker1: {slot_was_set: '2'}\nmarker2: {slot_was_set: '7'}", events);

        Assert.Equal([new MarkerSession(0, 2, 5)], results.Sessions);
        Assert.Equal([("marker2", 0, 4, 1)], results.Applications.Select(a => (a.Marker, a.SessionIndex, a.EventIndex, a.PrecedingUserTurns)));
    }

    [Fact]
    public void Sessions_NoSessionStart_TheWholeConversationIsOne()
    {
        var results = Evaluate("m: {intent: a}", [U("b", timestamp: 7), U("a", timestamp: 8)]);

        Assert.Equal([new MarkerSession(0, 0, 7)], results.Sessions);
        Assert.Equal(8, Assert.Single(results.Applications).Timestamp);
    }

    [Fact]
    public void Seq_ProgressStartsAtZeroInEachSession_UnlikeRasasReleasedCode()
    {
        var start = A(MarkerEvent.SessionStart);
        var events = new[] { start, U("1"), start, U("2") };

        Assert.Empty(Evaluate("m: {seq: [{intent: '1'}, {intent: '2'}]}", events).Applications);
    }

    [Fact]
    public void Seq_ProgressStartsAtZeroInEachConversation()
    {
        var evaluator = new MarkerEvaluator(MarkerConfigurationReader.Read("m: {seq: [{intent: '1'}, {intent: '2'}]}"));

        Assert.Empty(evaluator.Evaluate([U("1")]).Applications);
        Assert.Empty(evaluator.Evaluate([U("2")]).Applications);
    }

    [Theory]
    [InlineData("not_intent: a", new[] { false, true })]
    [InlineData("not_action: act", new[] { true, true })]
    [InlineData("slot_was_not_set: s", new[] { true, true })]
    [InlineData("at_least_one_not: [{intent: a}, {intent: b}]", new[] { true, true })]
    [InlineData("never: [{intent: a}]", new[] { false, false })]
    public void NegatedTags_AreNegated_AsRasasDocumentationSays(string definition, bool[] expected)
    {
        Assert.Equal(expected, History(definition, [U("a"), U("b")]));
    }

    [Fact]
    public void Intent_MatchesTheFullRetrievalIntentToo()
    {
        var faq = new MarkerEvent(MarkerEventKind.User, "faq", "faq/ask_name", false, 0);

        Assert.Equal([true], History("intent: faq/ask_name", [faq]));
        Assert.Equal([true], History("intent: faq", [faq]));
        Assert.Equal([false], History("intent: ask_name", [faq]));
    }

    [Fact]
    public void SlotWasSet_FalseEmptyAndZeroCountAsSet_NullUnsets_OtherEventsKeepTheValue()
    {
        var events = new[] { S("s", true), A("action_reset_slots"), U("x"), S("s", false), A("y"), S("other", true) };

        Assert.Equal([true, true, true, false, false, false], History("slot_was_set: s", events));
    }

    [Fact]
    public void Applications_AreOrderedBySessionMarkerAndEvent()
    {
        var start = A(MarkerEvent.SessionStart);
        var events = new[] { start, U("b"), U("a"), start, U("a"), U("b") };

        var results = Evaluate("first: {intent: a}\nsecond: {intent: b}", events);

        Assert.Equal(
            [("first", 0, 2), ("second", 0, 1), ("first", 1, 4), ("second", 1, 5)],
            results.Applications.Select(a => (a.Marker, a.SessionIndex, a.EventIndex)));
    }

    [Fact]
    public void EveryConditionInEveryOperator_AppliesAtSomePointOverEveryOrderOfItsEvents()
    {
        foreach (var condition in Conditions)
        {
            foreach (var op in new[] { "and", "or", "seq" })
            {
                var events = new[] { U("1"), S("1", true), A("1") };
                var definition = $"{op}: [{{{condition}: '1'}}]";

                Assert.Contains(true, History(definition, events));
                Assert.DoesNotContain(true, History($"{op}: [{{{condition}: '2'}}]", events));
            }
        }
    }

    private static List<bool> History(string definition, MarkerEvent[] events)
    {
        var applied = Evaluate($"history: {{or: [{{{definition}}}]}}", events).Applications.Select(a => a.EventIndex).ToHashSet();
        return [.. Enumerable.Range(0, events.Length).Select(applied.Contains)];
    }

    private static MarkerResults Evaluate(string yaml, MarkerEvent[] events) =>
        new MarkerEvaluator(MarkerConfigurationReader.Read(yaml)).Evaluate(events);

    private static string Negate(bool negated, string tag, string value) =>
        negated ? $"not: [{{{tag}: {value}}}]" : $"{tag}: {value}";

    private static List<bool> Flip(bool negated, params bool[] values) => [.. values.Select(v => v != negated)];

    private static MarkerEvent[] Repeat(int times, params MarkerEvent[] events) => [.. Enumerable.Repeat(events, times).SelectMany(e => e)];

    private static MarkerEvent U(string intent, double timestamp = 0) => new(MarkerEventKind.User, intent, null, false, timestamp);

    private static MarkerEvent A(string action, double timestamp = 0) => new(MarkerEventKind.Action, action, null, false, timestamp);

    private static MarkerEvent S(string slot, bool value) => new(MarkerEventKind.Slot, slot, null, value, 0);
}
