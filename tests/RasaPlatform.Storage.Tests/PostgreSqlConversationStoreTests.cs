using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

[RequiresPostgreSql]
public sealed class PostgreSqlConversationStoreTests(PostgreSqlDatabase<PostgreSqlConversationStoreTests> database)
    : ConversationStoreContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlConversationStoreTests>>;
