using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Testing;

namespace RasaPlatform.Core.Tests.Metadata;

public class MetadataBuilderTests
{
    [Fact]
    public void Build_Moodbot_ListsWhatHappened()
    {
        var events = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("rasa/tracker_moodbot.json"))).RootElement.GetProperty("events");

        var metadata = MetadataBuilder.Build("mysender", Stored(events.EnumerateArray().Select(e => e.GetRawText())));

        Assert.Equal(["greet", "mood_great"], metadata.Intents);
        Assert.Equal(["action_listen", "utter_greet", "utter_happy"], metadata.Actions);
        Assert.Equal(["MemoizationPolicy", "TEDPolicy"], metadata.Policies);
        Assert.Equal(0.8, metadata.MinimumActionConfidence);
        Assert.Equal(1.0, metadata.MaximumActionConfidence);
        Assert.Equal(0.54, metadata.MinimumIntentConfidence);
        Assert.Equal(0.6, metadata.MaximumIntentConfidence);
        Assert.False(metadata.InTrainingData); // TEDPolicy predicted utter_happy
        Assert.Equal(2, metadata.UserMessageCount);
        Assert.Equal(7, metadata.EventCount);
        Assert.Equal(1517821726.211042, metadata.LatestEventTime);
        Assert.Equal(1517821726.209836, metadata.LatestUserEventTime);
        Assert.Equal(1517821726.200036, metadata.FirstEventTime);
    }

    [Theory]
    [InlineData(new[] { "user" }, false)]
    [InlineData(new[] { "user", "session_ended" }, true)]
    [InlineData(new[] { "user", "conversation_inactive" }, true)]
    [InlineData(new[] { "user", "conversation_inactive", "bot", "action" }, true)]
    [InlineData(new[] { "user", "session_ended", "session_started", "action" }, true)]
    [InlineData(new[] { "user", "session_ended", "user" }, false)]
    [InlineData(new[] { "session_ended" }, true)]
    [InlineData(new[] { "bot" }, false)]
    [InlineData(new[] { "routing_session_ended" }, false)]
    public void SessionEnded_IsAnEndingEventAfterTheLastUserMessage_InArrivalOrder(string[] types, bool ended)
    {
        // Timestamps run backwards: arrival order decides, not time.
        var metadata = MetadataBuilder.Build("s", Stored([.. types.Select((type, i) => $$"""{"event":"{{type}}","timestamp":{{100 - i}}}""")]));

        Assert.Equal(ended, metadata.SessionEnded);
    }

    [Fact]
    public void InTrainingData_HoldsWhileOnlyMemoizationPredicts_AndActionsWithoutPolicyDoNotBreakIt()
    {
        var memoized = MetadataBuilder.Build("s", Stored([
            """{"event":"action","name":"action_session_start","policy":null,"confidence":null,"timestamp":1}""",
            """{"event":"action","name":"utter_a","policy":"policy_0_MemoizationPolicy","confidence":1.0,"timestamp":2}""",
            """{"event":"action","name":"utter_b","policy":"AugmentedMemoizationPolicy","confidence":1.0,"timestamp":3}""",
        ]));
        var ruled = MetadataBuilder.Build("s", Stored([
            """{"event":"action","name":"utter_a","policy":"policy_1_RulePolicy","confidence":1.0,"timestamp":2}""",
        ]));

        Assert.True(memoized.InTrainingData);
        Assert.Equal(["AugmentedMemoizationPolicy", "MemoizationPolicy"], memoized.Policies);
        Assert.False(ruled.InTrainingData);
    }

    [Fact]
    public void Build_UserEvents_GiveEntitiesChannelAndAssistant()
    {
        var metadata = MetadataBuilder.Build("s", Stored([
            """{"event":"user","timestamp":5,"input_channel":"rest","metadata":{"assistant_id":"a1"},"parse_data":{"intent":{"name":"inform","confidence":0.7},"entities":[{"entity":"city","value":"Berlin"},{"entity":"date"}]}}""",
            """{"event":"bot","timestamp":6,"text":"ok"}""",
            """{"event":"user","timestamp":4,"input_channel":"slack","parse_data":{"intent":{"name":null,"confidence":null},"entities":[{"entity":"city"}]}}""",
        ]));

        Assert.Equal(["city", "date"], metadata.Entities);
        Assert.Equal(["inform"], metadata.Intents);
        Assert.Equal("slack", metadata.LatestInputChannel); // the last user message in arrival order
        Assert.Equal(5, metadata.LatestUserEventTime);      // the latest in time
        Assert.Equal("a1", metadata.AssistantId);
        Assert.Equal(1, metadata.BotMessageCount);
        Assert.Equal(0.7, metadata.MinimumIntentConfidence);
        Assert.Null(metadata.MinimumActionConfidence);
        Assert.True(metadata.InTrainingData);
    }

    [Theory]
    [InlineData("policy_2_MemoizationPolicy", "MemoizationPolicy")]
    [InlineData("policy_10_TEDPolicy", "TEDPolicy")]
    [InlineData("RulePolicy", "RulePolicy")]
    [InlineData("policy_x_Odd", "policy_x_Odd")]
    [InlineData("policy_3", "policy_3")]
    public void PolicyName_DropsTheEnsemblePrefix(string policy, string expected) =>
        Assert.Equal(expected, MetadataBuilder.PolicyName(policy));

    private static IEnumerable<StoredEvent> Stored(IEnumerable<string> events) => events.Select((json, i) =>
    {
        var e = EventNormalizer.Normalize(JsonDocument.Parse(json).RootElement, Instant.FromUnixTimeSeconds(0), "e");
        return new StoredEvent(i, e.Type, e.Timestamp, e.Json);
    });
}
