using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.PostgreSql;

using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>A schema of its own for the test class <typeparamref name="TTests"/>, dropped with the fixture.</summary>
/// <remarks>
/// The schema is named after the class and dropped first if a crashed run left it behind. It lives in the server's test
/// database, unless <see cref="OwnDatabase"/> asks for a database of its own (named as the schema, made and dropped
/// likewise): for tests of what the server counts per database, such as its deadlocks.
/// </remarks>
public sealed class PostgreSqlDatabase<TTests> : StoreFixture
{
    /// <summary>
    /// The checkout the test assembly was built in: two checkouts testing against one server at once (a CI clone beside
    /// a working tree) each have their own schemas, and each still drops what its own crashed run left behind.
    /// </summary>
    private static readonly string Checkout =
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AppContext.BaseDirectory)))[..6];

    /// <summary>PostgreSQL's longest identifier, in bytes; longer ones are cut silently, so they are cut here.</summary>
    private const int MaxIdentifier = 63;

    public string Schema => ("test_" + Checkout + "_" + typeof(TTests).Name.ToLowerInvariant() + Suffix) is var name && name.Length > MaxIdentifier
        ? name[..MaxIdentifier]
        : name;

    /// <summary>Tells apart further databases of the same test class (each its own schema).</summary>
    public string Suffix { get; init; } = string.Empty;

    /// <summary>Whether the schema is in a database of its own rather than in the server's test database.</summary>
    public bool OwnDatabase { get; init; }

    /// <summary>The connection string of the schema's database with the schema as its search path.</summary>
    public string ConnectionString => OwnDatabase
        ? new NpgsqlConnectionStringBuilder(PostgreSqlServer.WithSchema(Schema)) { Database = Schema }.ConnectionString
        : PostgreSqlServer.WithSchema(Schema);

    public override async Task<DbConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The deadlock retries of every store this fixture makes; a test of lock order expects none.</summary>
    public PostgreSqlDeadlocks Deadlocks { get; } = new(NullLogger<PostgreSqlDeadlocks>.Instance);

    /// <summary>A data source over this schema, disposed with the fixture.</summary>
    public PostgreSqlDataSource CreateDataSource() =>
        Own(new PostgreSqlDataSource(Options.Create(new PostgreSqlStoreOptions { ConnectionString = ConnectionString })));

    protected override async Task<bool> CreateDatabaseAsync()
    {
        if (PostgreSqlServer.SkipReason is not null)
        {
            return false;
        }

        // Throws under CI when there is no server, failing every test of the class with the reason.
        if (OwnDatabase)
        {
            await PostgreSqlServer.DropDatabaseAsync(Schema);
            await AdministerAsync($"CREATE DATABASE \"{Schema}\"");
        }
        else
        {
            await PostgreSqlServer.DropSchemaAsync(Schema);
        }

        return true;
    }

    /// <summary>Runs a statement on the server's test database (the schema's name is a fixed identifier, so quoting suffices).</summary>
    private static async Task AdministerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgreSqlServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task DropDatabaseAsync()
    {
        if (PostgreSqlServer.SkipReason is null)
        {
            NpgsqlConnection.ClearAllPools();
            await (OwnDatabase ? PostgreSqlServer.DropDatabaseAsync(Schema) : PostgreSqlServer.DropSchemaAsync(Schema));
        }
    }

    protected override IConversationStore NewConversationStore() => new PostgreSqlConversationStore(CreateDataSource(), Clock, Deadlocks);

    protected override IFlagStore NewFlagStore() => new PostgreSqlFlagStore(CreateDataSource(), Clock);

    protected override IReviewStore NewReviewStore() => new PostgreSqlReviewStore(CreateDataSource(), Clock);
    protected override IIntentCorrectionStore NewCorrectionStore() => new PostgreSqlIntentCorrectionStore(CreateDataSource(), Clock);

    protected override IMetadataStore NewMetadataStore() => new PostgreSqlMetadataStore(CreateDataSource(), Clock, Deadlocks);

    protected override IConversationListing NewListing() => new PostgreSqlConversationListing(CreateDataSource());

    protected override IListingFeed NewListingFeed() => new PostgreSqlListingFeed(CreateDataSource());

    protected override IAnalyticsStore NewAnalytics() => new PostgreSqlAnalyticsStore(CreateDataSource());

    protected override IApiTokenStore NewTokenStore() => new PostgreSqlApiTokenStore(CreateDataSource());

    protected override IConversationAssistants NewConversationAssistants() => new PostgreSqlConversationAssistants(CreateDataSource());

    protected override ITagStore NewTagStore() => new PostgreSqlTagStore(CreateDataSource(), Clock, Deadlocks);

    protected override IMarkerStore NewMarkerStore() => new PostgreSqlMarkerStore(CreateDataSource(), Deadlocks);

    protected override IRawConversationStore NewRawConversations() => new PostgreSqlRawConversationStore(CreateDataSource());

    protected override IFeedStore NewFeedStore()
    {
        var dataSource = CreateDataSource();
        return new PostgreSqlFeedStore(new PostgreSqlConversationStore(dataSource, Clock, Deadlocks), dataSource);
    }

    // The migrator creates the schema itself, from the connection string's Search Path.
    protected override IStoreMigrator NewMigrator() =>
        new PostgreSqlMigrator(CreateDataSource(), Clock, NullLogger<PostgreSqlMigrator>.Instance);
}
