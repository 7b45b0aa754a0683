using RasaPlatform.Storage.Tests.Infrastructure;

namespace RasaPlatform.Storage.Tests;

public sealed class PostgreSqlAnalyticsStoreTests(PostgreSqlDatabase<PostgreSqlAnalyticsStoreTests> database)
    : AnalyticsStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlAnalyticsStoreTests>>;
