using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

public sealed class SqliteLeaseStoreTests(SqliteDatabase database)
    : LeaseStoreContract(database), IClassFixture<SqliteDatabase>;
