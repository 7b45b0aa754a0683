using RasaPlatform.Storage.Tests.Infrastructure;

namespace RasaPlatform.Storage.Tests;

[RequiresPostgreSql]
public sealed class PostgreSqlLeaseStoreTests(PostgreSqlDatabase<PostgreSqlLeaseStoreTests> database)
    : LeaseStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlLeaseStoreTests>>;
