using System.Text.Json;
using NodaTime;
using RasaPlatform.Benchmarks.Run.Analytics;
using RasaPlatform.Benchmarks.Run.Stores;
using RasaPlatform.Core.Analytics;
using RasaPlatform.Core.Events;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Benchmarks.Tests.Analytics;

/// <summary>
/// The baseline SQL asks analytics' and statistics' questions: on generated conversations in Rasa's events table,
/// every query a run asks gives, where the definitions agree, what Core's own folds (<see cref="AnalyticsCalculator"/>,
/// <see cref="StatisticsBuilder"/>) give for the same events.
/// </summary>
public abstract class AnalyticsSqlContract : IAsyncLifetime
{
    private static readonly Lazy<List<(string SenderId, StoredEvent Event)>> Events = new(() =>
        [.. GeneratedData.Lines(GeneratedData.Small).Select((line, i) =>
        {
            var e = JsonDocument.Parse(line).RootElement;
            return (e.GetProperty("sender_id").GetString()!, new StoredEvent(i, e.GetProperty("event").GetString()!, e.GetProperty("timestamp").GetDouble(), line));
        })]);

    private IBaselineTable _table = null!;

    /// <summary>A fresh table of the engine holding <paramref name="events"/> (NDJSON, one event a line with its <c>sender_id</c>).</summary>
    private protected abstract Task<IBaselineTable> CreateTableAsync(byte[] events);

    public async Task InitializeAsync() => _table = await CreateTableAsync(GeneratedData.Small);

    public virtual async Task DisposeAsync() => await _table.DisposeAsync();

    [ContractFact]
    public async Task Span_IsTheEarliestAndLatestEventTime()
    {
        var span = (await _table.QueryNumbersAsync(AnalyticsSql.Span(), CancellationToken.None))[0];

        Assert.Equal([Events.Value.Min(e => e.Event.Timestamp), Events.Value.Max(e => e.Event.Timestamp)], span);
    }

    [ContractFact]
    public async Task Bins_EveryQueryOfARun_AgreesWithCoresFold()
    {
        var (start, end) = await WholeDaysAsync();
        var conversations = Events.Value.GroupBy(e => e.SenderId).Select(g => ConversationActivity.FromEvents(g.Key, g.Select(x => x.Event))).ToList();

        foreach (var query in AnalyticsQueries.Analytics(start, end))
        {
            var bins = AnalyticsBins.Create(query.Start, query.End, AnalyticsWindow.Parse("window", query.Window), query.Zone);
            var core = AnalyticsCalculator.Compute(conversations, bins);
            var reference = new BinCounts(
                [.. bins.Select(b => (double)b.Start.ToUnixTimeSeconds())], core.UserMessages, core.BotMessages, core.Conversations, [.. core.Sums.Select(s => (double)s.Sessions)]);
            var sql = BinCounts.FromSql(await _table.QueryNumbersAsync(_table.Analytics.Bins(query), CancellationToken.None), query.BinEdges());

            Assert.True(reference.UserMessages.Sum() > 20 && reference.BotMessages.Sum() > 20, $"{query.Label}: too few messages to tell");
            Assert.True(reference.Disagreement(sql) is null, $"{query.Label}: {reference.Disagreement(sql)}");
        }
    }

    [ContractFact]
    public async Task Bins_BerlinDays_DifferFromUtcDays()
    {
        var (start, end) = await WholeDaysAsync();
        var queries = AnalyticsQueries.Analytics(start, end);
        var utc = BinCounts.FromSql(await _table.QueryNumbersAsync(_table.Analytics.Bins(queries[0]), CancellationToken.None), queries[0].BinEdges());
        var berlin = BinCounts.FromSql(await _table.QueryNumbersAsync(_table.Analytics.Bins(queries[2]), CancellationToken.None), queries[2].BinEdges());

        Assert.NotEqual(utc.UserMessages, berlin.UserMessages.Take(utc.UserMessages.Count));
    }

    [ContractFact]
    public async Task Statistics_EveryQueryOfARunAndFullLists_AgreeWithCoresFold()
    {
        var (start, end) = await WholeDaysAsync();
        var queries = AnalyticsQueries.Statistics(start, end);
        foreach (var query in queries.Concat(queries.Select(q => q with { Limit = ConversationStatistics.MaximumLimit })))
        {
            var builder = new StatisticsBuilder(query.Start, query.Until);
            Events.Value.ForEach(e => builder.Add(e.Event));
            var core = builder.Build(query.Limit);
            var reference = new StatisticsAnswer(core.UserMessages, core.BotMessages, Pairs(core.TopIntents), Pairs(core.TopEntities), Pairs(core.TopActions), Pairs(core.TopPolicies));
            var lists = new Dictionary<string, IReadOnlyList<(string? Text, long Count)>>();
            foreach (var (list, sql) in _table.Analytics.Statistics(query))
            {
                lists[list] = await _table.QueryAsync(sql, CancellationToken.None);
            }

            var answer = StatisticsAnswer.FromSql(lists, query.Limit);

            Assert.True(new[] { reference.TopIntents, reference.TopEntities, reference.TopActions, reference.TopPolicies }.All(t => t.Count > 1), $"{query.Label}: a list is nearly empty");
            Assert.True(reference.Disagreement(answer) is null, $"{query.Label} ({query.QueryString()}): {reference.Disagreement(answer)}");
        }
    }

    private async Task<(Instant Start, Instant End)> WholeDaysAsync()
    {
        var span = (await _table.QueryNumbersAsync(AnalyticsSql.Span(), CancellationToken.None))[0];
        return AnalyticsQueries.WholeDays(span[0], span[1]);
    }

    private static List<(string, long)> Pairs(IReadOnlyList<NameCount> top) => [.. top.Select(t => (t.Name, t.Count))];
}
