using RasaPlatform.Hostile;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// The hostile-input program's fixed-seed subset, against the real service over HTTP on each store: no 5xx, every
/// error problem+json, no refused write changes anything stored. The full run is the benchmark program's
/// <c>hostile</c> verb (README "Benchmarks").
/// </summary>
public abstract class HostileProgramTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    /// <summary>How many requests CI sends per store.</summary>
    public const int Requests = 3_000;

    public const int Seed = 20_261_206;

    [ContractFact]
    public async Task FixedSeedSubset_NoServerError_EveryErrorIsAProblem_NoRefusedWriteChangesTheStore()
    {
        var token = factory.ManageToken;
        using var client = factory.CreateClientWith(null);
        await using var connection = factory.CreateStoreConnection();
        var runner = new HostileRunner(client, token, cancellationToken => StoreDigest.ComputeAsync(connection, cancellationToken));
        var fixture = await runner.SetUpAsync(CancellationToken.None);
        var contract = SpecContract.Parse(await client.GetStringAsync(new Uri("/api/openapi.yaml", UriKind.Relative)));

        var cases = HostileCases.Generate(contract, fixture, token, ApiFactory.MaxBodyBytes, Requests, Seed);
        var report = await runner.RunAsync(cases, progress: null, CancellationToken.None);

        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} failures:{Environment.NewLine}{report.Describe()}");
        Assert.Equal(Requests, report.Requests);
        Assert.True(report.StoreChecks > 100, $"only {report.StoreChecks} refused writes were checked");
        Assert.Equal(contract.Count, cases.Select(c => c.Operation).Distinct().Count());
    }
}

public sealed class SqliteHostileProgramTests(SqliteApiFactory factory) : HostileProgramTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlHostileProgramTests(PostgreSqlApiFactory factory) : HostileProgramTests<PostgreSqlApiFactory>(factory);
