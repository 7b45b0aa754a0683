using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

[RequiresPostgreSql]
public sealed class PostgreSqlFlagStoreTests(PostgreSqlDatabase<PostgreSqlFlagStoreTests> database)
    : FlagStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlFlagStoreTests>>;
