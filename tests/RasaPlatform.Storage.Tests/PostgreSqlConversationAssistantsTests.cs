using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

[RequiresPostgreSql]
public sealed class PostgreSqlConversationAssistantsTests(PostgreSqlDatabase<PostgreSqlConversationAssistantsTests> database)
    : ConversationAssistantsContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlConversationAssistantsTests>>;
