using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

[RequiresPostgreSql]
public sealed class PostgreSqlIntentCorrectionStoreTests(PostgreSqlDatabase<PostgreSqlIntentCorrectionStoreTests> database)
    : IntentCorrectionStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlIntentCorrectionStoreTests>>;
