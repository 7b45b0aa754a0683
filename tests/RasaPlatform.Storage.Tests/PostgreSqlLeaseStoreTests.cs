using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

[RequiresPostgreSql]
public sealed class PostgreSqlLeaseStoreTests(PostgreSqlDatabase<PostgreSqlLeaseStoreTests> database)
    : LeaseStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlLeaseStoreTests>>;
