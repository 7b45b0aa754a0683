using System.Text.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Assistants;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Queries;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

/// <summary>
/// What every <see cref="IAnalyticsStore"/> adapter must answer: exactly the Core's folds of the stored events
/// (<see cref="AnalyticsCalculator"/>, <see cref="StatisticsBuilder"/>), for random conversations written, replaced and
/// projected in random order, over random bins, zones and bounds, aligned to its buckets or not.
/// </summary>
public abstract class AnalyticsStoreContract(StoreFixture fixture)
{
    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "America/New_York"];
    private static readonly string[] Windows = ["1h", "15m", "7m", "1:30", "2h 30m", "PT1H", "P1D", "1d", "P1W", "PT45M", "3h"];

    protected StoreFixture Fixture { get; } = fixture;

    private IAnalyticsStore Analytics => Fixture.Analytics;

    [ContractTheory]
    [InlineData(20261121)]
    [InlineData(5)]
    public async Task Sum_RandomBinsZonesAndRanges_EqualsTheFoldOfTheEvents(int seed)
    {
        var senders = await CorpusAsync($"sum-{seed}", seed);
        var activities = await ActivitiesAsync(senders);
        var random = new Random(seed);
        var span = Span(activities);
        for (var i = 0; i < 60; i++)
        {
            var bins = RandomBins(random, span);

            var stored = await Analytics.SumAsync(bins, null, CancellationToken.None);

            var expected = AnalyticsCalculator.Sum(activities, bins);
            var because = $"{bins.Start}..{bins.End} window {bins.Window} in {bins.Zone.Id}";
            Assert.True(expected.SequenceEqual(stored), $"{because}: expected {Json(expected)}, stored {Json(stored)}");
        }
    }

    [ContractTheory]
    [InlineData(20261121)]
    [InlineData(5)]
    public async Task Statistics_RandomBoundsAndLimits_EqualTheFoldOfTheEvents(int seed)
    {
        var senders = await CorpusAsync($"stat-{seed}", seed);
        var events = await EventsAsync(senders);
        var random = new Random(seed);
        var times = events.SelectMany(e => e).Select(e => TimeArgument.FromUnixSeconds("t", e.Timestamp)).Order().ToList();
        for (var i = 0; i < 40; i++)
        {
            Instant? Bound() => random.Next(4) switch
            {
                0 => null,
                1 => times[random.Next(times.Count)],                                          // exactly at an event
                2 => AnalyticsBucket.StartOf(AnalyticsBucket.Of(times[random.Next(times.Count)])), // a bucket edge
                _ => times[random.Next(times.Count)] + Duration.FromMilliseconds(random.Next(-600_000, 600_000)),
            };
            var (start, until) = (Bound(), Bound());
            if (start > until)
            {
                (start, until) = (until, start);
            }

            var limit = random.Next(3) == 0 ? 1000 : random.Next(1, 4);

            var stored = await Analytics.StatisticsAsync(start, until, limit, null, CancellationToken.None);

            var builder = new StatisticsBuilder(start, until);
            foreach (var e in events.SelectMany(e => e))
            {
                builder.Add(e);
            }

            Assert.Equal(Json(builder.Build(limit)), Json(stored));
        }
    }

    [ContractFact]
    public async Task UserMessageRange_IsTheFirstAndLastUserMessage()
    {
        var senders = await CorpusAsync("range", 11);
        var users = (await EventsAsync(senders)).SelectMany(e => e).Where(e => e.Type == EventTypes.User)
            .Select(e => TimeArgument.FromUnixSeconds("t", e.Timestamp)).ToList();

        var range = await Analytics.UserMessageRangeAsync(null, CancellationToken.None);

        // Other tests' conversations share the database; theirs are drawn from the same span.
        Assert.NotNull(range);
        Assert.True(range.Value.First <= users.Min() && range.Value.Last >= users.Max(), $"{range}");
    }

    [ContractFact]
    public async Task Sum_AfterEveryConversationIsReplacedByNothing_IsZeroWhereTheyWere()
    {
        var senders = await CorpusAsync("gone", 3);
        var span = Span(await ActivitiesAsync(senders));
        await Fixture.Store.WriteAsync([.. senders.Select(s => new ConversationWrite(s, WriteMode.Replace, []))], CancellationToken.None);
        await DrainAsync(NewProjector(5));

        var everything = (await ActivitiesAsync(await AllSendersAsync())).ToList();
        var bins = AnalyticsBins.Create(span.Start, span.End, AnalyticsWindow.FromDuration(Duration.FromHours(1)), DateTimeZone.Utc);

        Assert.Equal(AnalyticsCalculator.Sum(everything, bins), await Analytics.SumAsync(bins, null, CancellationToken.None));
        var statistics = new StatisticsBuilder();
        foreach (var e in (await EventsAsync(await AllSendersAsync())).SelectMany(e => e))
        {
            statistics.Add(e);
        }

        Assert.Equal(Json(statistics.Build(1000)), Json(await Analytics.StatisticsAsync(null, null, 1000, null, CancellationToken.None)));
    }

    [ContractTheory]
    [InlineData(7)]
    [InlineData(20261122)]
    public async Task SumStatisticsAndRange_ForSomeAssistants_EqualTheFoldOfTheirConversations(int seed)
    {
        await CorpusAsync($"assistants-{seed}", seed);
        var senders = await AllSendersAsync();
        var events = await EventsAsync(senders);

        // The projector files a conversation under the assistant its events last name, or the default one.
        var owners = senders.Zip(events, (sender, e) => MetadataBuilder.Build(sender, e).AssistantId ?? new AssistantOptions().Default).ToList();
        var random = new Random(seed);
        string[][] choices = [["assistant-0"], ["default", "assistant-2"], ["assistant-1", "assistant-2", "default"], [], ["nobody"]];
        foreach (var chosen in choices)
        {
            var mine = Enumerable.Range(0, senders.Count).Where(i => chosen.Contains(owners[i])).ToList();
            var activities = mine.Select(i => ConversationActivity.FromEvents(senders[i], events[i])).ToList();
            var span = Span(senders.Zip(events, ConversationActivity.FromEvents));
            for (var i = 0; i < 12; i++)
            {
                var bins = RandomBins(random, span);
                var expected = AnalyticsCalculator.Sum(activities, bins);
                var stored = await Analytics.SumAsync(bins, chosen, CancellationToken.None);
                Assert.True(expected.SequenceEqual(stored), $"[{string.Join(",", chosen)}] {bins.Start}..{bins.End} {bins.Window} {bins.Zone.Id}: expected {Json(expected)}, stored {Json(stored)}");

                var (start, until) = (span.Start + ((span.End - span.Start) * random.NextDouble() * 0.5), (Instant?)null);
                until = random.Next(2) == 0 ? null : start + ((span.End - start) * random.NextDouble());
                var statistics = new StatisticsBuilder(start, until);
                foreach (var e in mine.SelectMany(m => events[m]))
                {
                    statistics.Add(e);
                }

                Assert.Equal(Json(statistics.Build(1000)), Json(await Analytics.StatisticsAsync(start, until, 1000, chosen, CancellationToken.None)));
            }

            var all = new StatisticsBuilder();
            foreach (var e in mine.SelectMany(m => events[m]))
            {
                all.Add(e);
            }

            Assert.Equal(Json(all.Build(1000)), Json(await Analytics.StatisticsAsync(null, null, 1000, chosen, CancellationToken.None)));
            var users = mine.SelectMany(m => events[m]).Where(e => e.Type == EventTypes.User).Select(e => TimeArgument.FromUnixSeconds("t", e.Timestamp)).ToList();
            var range = await Analytics.UserMessageRangeAsync(chosen, CancellationToken.None);
            Assert.Equal(users.Count == 0 ? null : (users.Min(), users.Max()), range);
        }
    }

    internal static AnalyticsBins RandomBins(Random random, (Instant Start, Instant End) span)
    {
        var zone = DateTimeZoneProviders.Tzdb[Zones[random.Next(Zones.Length)]];
        var length = span.End - span.Start;
        Instant Point() => random.Next(3) switch
        {
            0 => AnalyticsBucket.StartOf(AnalyticsBucket.Of(span.Start + (length * random.NextDouble()))),
            1 => span.Start + (length * random.NextDouble()),
            _ => random.Next(2) == 0 ? span.Start - Duration.FromHours(1) : span.End + Duration.FromHours(1),
        };
        var (a, b) = (Point(), Point());
        while (true)
        {
            var window = random.Next(5) == 0 ? null : AnalyticsWindow.Parse("window", Windows[random.Next(Windows.Length)]);
            try
            {
                return AnalyticsBins.Create(Instant.Min(a, b), Instant.Max(a, b), window, zone);
            }
            catch (InvalidEventException) when ((Instant.Max(a, b) - Instant.Min(a, b)) > Duration.FromHours(100))
            {
                // Too many bins of a short window over a long range: draw another window.
            }
        }
    }

    internal static (Instant Start, Instant End) Span(IEnumerable<ConversationActivity> activities)
    {
        var times = activities.SelectMany(a => a.Messages.Select(m => m.Time).Concat(a.Sessions.Select(s => s.Start))).ToList();
        return (times.Min(), times.Max());
    }

    /// <summary>Writes random conversations in random batches, projecting now and then, and drains the queue.</summary>
    private async Task<List<string>> CorpusAsync(string prefix, int seed)
    {
        var senders = Enumerable.Range(0, 25).Select(i => $"{prefix}-{i:D2}").ToList();
        // Twelve days: bins and bounds cover whole UTC days, hours and quarters, and cut them.
        var generator = new RandomConversations(seed, senders, sessions: true, days: 12);
        var random = new Random(seed);
        var projector = NewProjector(7);
        for (var step = 0; step < 80; step++)
        {
            await Fixture.Store.WriteAsync(generator.NextBatch(), CancellationToken.None);
            if (random.Next(4) == 0)
            {
                await projector.RunOnceAsync(CancellationToken.None);
            }
        }

        await DrainAsync(projector);
        return senders;
    }

    /// <summary>Every conversation in the database: tests share it, and the store answers for all of them.</summary>
    private async Task<List<string>> AllSendersAsync()
    {
        await using var connection = await Fixture.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sender_id FROM conversations";
        await using var reader = await command.ExecuteReaderAsync();
        var senders = new List<string>();
        while (await reader.ReadAsync())
        {
            senders.Add(reader.GetString(0));
        }

        return senders;
    }

    private async Task<List<ConversationActivity>> ActivitiesAsync(IEnumerable<string> _)
    {
        var all = await AllSendersAsync();
        var events = await EventsAsync(all);
        return [.. all.Zip(events, ConversationActivity.FromEvents)];
    }

    private async Task<List<List<StoredEvent>>> EventsAsync(IEnumerable<string> _)
    {
        var result = new List<List<StoredEvent>>();
        foreach (var sender in await AllSendersAsync())
        {
            result.Add(await Fixture.Store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).ToListAsync());
        }

        return result;
    }

    private MetadataProjector NewProjector(int batchSize) =>
        new(Fixture.Metadata, Fixture.Store, Fixture.Clock, Options.Create(new MetadataProjectorOptions { BatchSize = batchSize }));

    private static async Task DrainAsync(MetadataProjector projector)
    {
        while (await projector.RunOnceAsync(CancellationToken.None) > 0)
        {
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
