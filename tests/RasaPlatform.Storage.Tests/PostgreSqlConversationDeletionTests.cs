using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;

namespace RasaPlatform.Storage.Tests;

[RequiresPostgreSql]
public sealed class PostgreSqlConversationDeletionTests(PostgreSqlDatabase<PostgreSqlConversationDeletionTests> database)
    : ConversationDeletionContract(database), IClassFixture<PostgreSqlDatabase<PostgreSqlConversationDeletionTests>>
{
    protected override StoreFixture NewDatabase(string name) =>
        new PostgreSqlDatabase<PostgreSqlConversationDeletionTests> { Suffix = "_" + name };
}
