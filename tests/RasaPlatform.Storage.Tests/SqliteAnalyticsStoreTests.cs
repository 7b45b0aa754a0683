using RasaPlatform.Storage.Tests.Infrastructure;

namespace RasaPlatform.Storage.Tests;

public sealed class SqliteAnalyticsStoreTests(SqliteDatabase database)
    : AnalyticsStoreContract(database), IClassFixture<SqliteDatabase>;
