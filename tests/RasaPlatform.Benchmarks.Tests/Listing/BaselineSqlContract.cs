using System.Globalization;
using RasaPlatform.Benchmarks.Run.Listing;
using RasaPlatform.Benchmarks.Run.Stores;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Benchmarks.Tests.Listing;

/// <summary>
/// The baseline SQL asks the listing's questions: on generated conversations in Rasa's events table, every query a
/// run asks (and a middle page) gives the total and page that the service's own metadata fold gives.
/// </summary>
public abstract class BaselineSqlContract : IAsyncLifetime
{
    private static readonly Lazy<ListingReference> Reference = new(() => new ListingReference(GeneratedData.Lines(GeneratedData.Small)));

    private IBaselineTable _table = null!;

    /// <summary>A fresh table of the engine holding <paramref name="events"/> (NDJSON, one event a line with its <c>sender_id</c>).</summary>
    private protected abstract Task<IBaselineTable> CreateTableAsync(byte[] events);

    public async Task InitializeAsync() => _table = await CreateTableAsync(GeneratedData.Small);

    public virtual async Task DisposeAsync() => await _table.DisposeAsync();

    [ContractFact]
    public async Task Listing_EveryQueryOfARun_AgreesWithTheServiceFold()
    {
        var reference = Reference.Value;
        var profile = ListingProfile.Read(GeneratedData.Lines(GeneratedData.Small), 10_000);
        var flagged = profile.FlagCandidateMessages.Take(3).ToList();
        await _table.FlagAsync([.. flagged.Select(f => (f.SenderId, double.Parse(f.Timestamp, CultureInfo.InvariantCulture)))], CancellationToken.None);
        reference.Flagged.UnionWith(flagged.Select(f => f.SenderId));
        var picks = ListingQueries.Pick(profile);
        var queries = ListingQueries.Build(picks, withFlags: true).Append(new ListingQuery { Label = "middle page", Intents = [picks.CommonIntent!], Limit = 7, Offset = 10 });

        foreach (var query in queries)
        {
            var (total, page) = reference.Answer(query);
            var rows = await _table.QueryAsync(_table.Sql.Listing(query), CancellationToken.None);
            var sqlTotal = rows.Count > 0 ? rows[0].Count : (await _table.QueryAsync(_table.Sql.Listing(query, countOnly: true), CancellationToken.None))[0].Count;

            Assert.True(total == sqlTotal, $"{query.Label} ({query.QueryString()}): total {sqlTotal}, the fold gives {total}");
            Assert.True(page.SequenceEqual(rows.Select(r => r.Text)), $"{query.Label} ({query.QueryString()}): the pages differ");
            Assert.True(query.Offset >= total || total > 0, $"{query.Label} matches nothing");
        }
    }

    [ContractFact]
    public async Task DistinctNames_AgreeWithTheServiceFold()
    {
        var conversations = Reference.Value.Conversations;
        var expected = new Dictionary<string, IEnumerable<string>>
        {
            ["conversationIntents"] = conversations.SelectMany(c => c.Intents),
            ["conversationEntities"] = conversations.SelectMany(c => c.Entities),
            ["conversationActions"] = conversations.SelectMany(c => c.Actions),
            ["conversationPolicies"] = conversations.SelectMany(c => c.Policies),
            ["conversationInputChannels"] = conversations.SelectMany(c => c.InputChannels),
        };

        foreach (var (path, sql, plainPolicies) in _table.Sql.DistinctNames())
        {
            var rows = await _table.QueryAsync(sql, CancellationToken.None);
            var names = rows.Select(r => r.Text).OfType<string>().Select(n => plainPolicies ? RasaPolicyName.Plain(n) : n)
                .Where(n => n.Length > 0).Distinct().Order(StringComparer.Ordinal);

            Assert.Equal(expected[path].Distinct().Order(StringComparer.Ordinal), names);
        }
    }
}
