using RasaPlatform.Storage.Tests.Infrastructure;

namespace RasaPlatform.Storage.Tests;

public sealed class SqliteConversationStoreTests(SqliteDatabase database)
    : ConversationStoreContract(database), IClassFixture<SqliteDatabase>;
