using RasaPlatform.Storage.Tests.Infrastructure;

namespace RasaPlatform.Storage.Tests;

public sealed class SqliteApiTokenStoreTests(SqliteDatabase database)
    : ApiTokenStoreContract(database), IClassFixture<SqliteDatabase>;
