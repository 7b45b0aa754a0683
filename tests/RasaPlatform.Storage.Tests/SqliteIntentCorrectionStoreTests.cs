using RasaPlatform.Storage.Tests.Infrastructure;

namespace RasaPlatform.Storage.Tests;

public sealed class SqliteIntentCorrectionStoreTests(SqliteDatabase database)
    : IntentCorrectionStoreContract(database), IClassFixture<SqliteDatabase>;
