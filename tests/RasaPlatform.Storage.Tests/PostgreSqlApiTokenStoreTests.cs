using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

[RequiresPostgreSql]
public sealed class PostgreSqlApiTokenStoreTests(PostgreSqlDatabase<PostgreSqlApiTokenStoreTests> database)
    : ApiTokenStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlApiTokenStoreTests>>;
