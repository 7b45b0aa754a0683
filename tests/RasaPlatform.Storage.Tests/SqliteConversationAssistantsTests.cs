using RasaPlatform.Storage.Tests.Infrastructure;

namespace RasaPlatform.Storage.Tests;

public sealed class SqliteConversationAssistantsTests(SqliteDatabase database)
    : ConversationAssistantsContract(database), IClassFixture<SqliteDatabase>;
