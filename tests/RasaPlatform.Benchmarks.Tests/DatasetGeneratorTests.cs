using System.Text.Json;
using NodaTime;
using RasaPlatform.Benchmarks.Generation;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Benchmarks.Tests;

public class DatasetGeneratorTests
{
    private static IEnumerable<JsonElement> AllEvents => GeneratedData.Large.SelectMany(c => c);

    [Fact]
    public void Generate_SameSeedAndSize_ByteIdentical()
    {
        Assert.Equal(GeneratedData.Small, GeneratedData.Generate(200, 42));
    }

    [Fact]
    public void Generate_DifferentSeed_DifferentOutput()
    {
        Assert.NotEqual(GeneratedData.Small, GeneratedData.Generate(200, 43));
    }

    [Fact]
    public void Generate_FirstConversationsDoNotDependOnCount()
    {
        var fewer = GeneratedData.Generate(50, 42);

        Assert.Equal(fewer, GeneratedData.Small.Take(fewer.Length));
    }

    [Fact]
    public void Generate_EveryLineIsAnEventWithTypeTimestampAndSender()
    {
        foreach (var line in GeneratedData.Lines(GeneratedData.Small))
        {
            var e = JsonDocument.Parse(line).RootElement;
            Assert.Equal(JsonValueKind.Object, e.ValueKind);
            Assert.Equal(JsonValueKind.String, e.GetProperty("event").ValueKind);
            Assert.Equal(JsonValueKind.Number, e.GetProperty("timestamp").ValueKind);
            Assert.False(string.IsNullOrEmpty(e.GetProperty("sender_id").GetString()));
        }
    }

    [Fact]
    public void Generate_EveryEventPassesTheNormalizerUnchanged()
    {
        var received = Instant.FromUnixTimeSeconds(0);
        foreach (var line in GeneratedData.Lines(GeneratedData.Small))
        {
            var normalized = EventNormalizer.Normalize(JsonDocument.Parse(line).RootElement, received, "line");

            Assert.Equal(line, normalized.Json);
        }
    }

    [Fact]
    public void Generate_SummaryCountsWhatWasWritten()
    {
        using var output = new MemoryStream();
        var summary = DatasetGenerator.Generate(output, 200, 42);

        Assert.Equal(200, summary.Conversations);
        Assert.Equal(GeneratedData.Lines(output.ToArray()).Count(), summary.Events);
        Assert.Equal(output.Length, summary.Bytes);
    }

    [Fact]
    public void Generate_ConversationsHave2To2000Events_MeanNear20()
    {
        var lengths = GeneratedData.Large.Select(c => c.Count).ToList();

        Assert.Equal(2000, lengths.Count);
        Assert.All(lengths, n => Assert.InRange(n, LengthModel.MinEvents, LengthModel.MaxEvents));
        Assert.InRange(lengths.Average(), 15, 25);
        Assert.Contains(lengths, n => n > 100);
        Assert.True(lengths.Count(n => n is >= 10 and <= 60) > lengths.Count / 2, "most conversations have 10 to 60 events");
    }

    [Fact]
    public void Generate_TimestampsIncreaseWithinConversations_AndFallIn2025()
    {
        foreach (var conversation in GeneratedData.Large)
        {
            var times = conversation.Select(e => e.GetProperty("timestamp").GetDouble()).ToList();
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.First <= pair.Second));
            Assert.InRange(times[0], 1_735_689_600, 1_767_225_600);
            Assert.True(times[^1] < 1_767_225_600);
        }
    }

    [Fact]
    public void Generate_ConversationsStartWithASession()
    {
        Assert.All(GeneratedData.Large, c =>
        {
            Assert.Equal("action_session_start", c[0].GetProperty("name").GetString());
            Assert.Equal("session_started", c[1].GetProperty("event").GetString());
        });
    }

    [Fact]
    public void Generate_UserEventsHaveAnIntentWithConfidenceInRange()
    {
        foreach (var e in AllEvents.Where(e => e.GetProperty("event").GetString() == "user"))
        {
            var intent = e.GetProperty("parse_data").GetProperty("intent");
            Assert.False(string.IsNullOrEmpty(intent.GetProperty("name").GetString()));
            Assert.InRange(intent.GetProperty("confidence").GetDouble(), 0, 1);
            Assert.Equal(e.GetProperty("message_id").GetString(), e.GetProperty("parse_data").GetProperty("message_id").GetString());
        }
    }

    [Fact]
    public void Generate_ActionsWithAPolicyHaveConfidenceInRange()
    {
        var predicted = AllEvents.Where(e => e.GetProperty("event").GetString() == "action" && e.GetProperty("policy").ValueKind == JsonValueKind.String).ToList();

        Assert.NotEmpty(predicted);
        Assert.All(predicted, e => Assert.InRange(e.GetProperty("confidence").GetDouble(), 0, 1));
    }

    [Fact]
    public void Generate_UsesSeveralAssistantsChannelsAndAllPolicies()
    {
        var events = AllEvents.ToList();
        var assistants = events.Select(e => e.GetProperty("metadata").GetProperty("assistant_id").GetString()).Distinct().ToList();
        var channels = events.Where(IsUser).Select(e => e.GetProperty("input_channel").GetString()).Distinct().ToList();
        var policies = events.Where(e => IsType(e, "action")).Select(e => e.GetProperty("policy").GetString()).Distinct().ToList();

        Assert.Equal(3, assistants.Count);
        Assert.Equal(5, channels.Count);
        Assert.Contains(PolicyModel.Memoization, policies);
        Assert.Contains(PolicyModel.Rule, policies);
        Assert.Contains(PolicyModel.Ted, policies);
    }

    [Fact]
    public void Generate_ContainsFormsFallbacksAndEveryReplayEventType()
    {
        var types = AllEvents.Select(e => e.GetProperty("event").GetString()).ToHashSet();
        var actions = AllEvents.Where(e => IsType(e, "action")).Select(e => e.GetProperty("name").GetString()).ToHashSet();
        var intents = AllEvents.Where(IsUser).Select(e => e.GetProperty("parse_data").GetProperty("intent").GetProperty("name").GetString()).ToHashSet();

        Assert.Superset(new HashSet<string?> { "user", "bot", "action", "slot", "session_started", "active_loop", "restart", "rewind", "undo", "reset_slots" }, types);
        Assert.Superset(new HashSet<string?> { "flight_form", "order_form", "transfer_form", "action_default_fallback" }, actions);
        Assert.Contains(BotDomain.FallbackIntent, intents);
        Assert.True(intents.Count >= 25, $"only {intents.Count} intents");
        Assert.True(actions.Count >= 35, $"only {actions.Count} actions");
    }

    [Fact]
    public void Generate_SomeConversationsAreInTrainingData_MostAreNot()
    {
        var inTrainingData = GeneratedData.Large.Count(c => c
            .Where(e => IsType(e, "action") && e.GetProperty("policy").ValueKind == JsonValueKind.String)
            .All(e => e.GetProperty("policy").GetString()!.EndsWith("MemoizationPolicy", StringComparison.Ordinal)));

        Assert.InRange(inTrainingData, 20, 400);
    }

    [Fact]
    public void Generate_ExtractedEntitiesPointAtTheirValueInTheText()
    {
        foreach (var e in AllEvents.Where(IsUser))
        {
            var text = e.GetProperty("text").GetString()!;
            // Entities of a "/intent{...}" payload span the JSON object, as Rasa's regex handler reports them.
            foreach (var entity in e.GetProperty("parse_data").GetProperty("entities").EnumerateArray().Where(x => x.TryGetProperty("extractor", out _)))
            {
                var span = text[entity.GetProperty("start").GetInt32()..entity.GetProperty("end").GetInt32()];
                var value = entity.GetProperty("value");
                Assert.True(value.ValueKind != JsonValueKind.String || span == value.GetString(), $"'{span}' in '{text}'");
            }
        }
    }

    private static bool IsUser(JsonElement e) => IsType(e, "user");

    private static bool IsType(JsonElement e, string type) => e.GetProperty("event").GetString() == type;
}
