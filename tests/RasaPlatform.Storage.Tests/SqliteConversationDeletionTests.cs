using RasaPlatform.Storage.Tests.Infrastructure;

namespace RasaPlatform.Storage.Tests;

public sealed class SqliteConversationDeletionTests(SqliteDatabase database)
    : ConversationDeletionContract(database), IClassFixture<SqliteDatabase>
{
    protected override StoreFixture NewDatabase(string name) => new SqliteDatabase();
}
