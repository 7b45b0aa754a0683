using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

public sealed class SqliteConversationStoreTests(SqliteDatabase database)
    : ConversationStoreContract(database), IClassFixture<SqliteDatabase>;
