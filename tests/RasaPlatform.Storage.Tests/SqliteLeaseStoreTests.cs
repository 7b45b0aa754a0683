using RasaPlatform.Storage.Tests.Infrastructure;

namespace RasaPlatform.Storage.Tests;

public sealed class SqliteLeaseStoreTests(SqliteDatabase database)
    : LeaseStoreContract(database), IClassFixture<SqliteDatabase>;
