using RasaPlatform.Storage.Tests.Infrastructure;

namespace RasaPlatform.Storage.Tests;

public sealed class SqliteFlagStoreTests(SqliteDatabase database)
    : FlagStoreContract(database), IClassFixture<SqliteDatabase>;
