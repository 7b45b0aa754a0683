using RasaPlatform.Storage.Sql;
using RasaPlatform.Storage.Tests.Infrastructure;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Storage.Tests.Infrastructure.TestEvents;

namespace RasaPlatform.Storage.Tests;

/// <summary>Migrations that reshape tables holding rows: what was stored stays, and is maintained as before.</summary>
public abstract partial class MetadataStoreContract
{
    /// <summary><c>conversation_names</c> as migrations 003 to 029 left it on SQLite: keyed by name, a look-up by conversation.</summary>
    private const string SqliteFormerNames = """
        CREATE TABLE conversation_names_former AS SELECT kind, name, conversation_id FROM conversation_names;
        DROP TABLE conversation_names;
        CREATE TABLE conversation_names (
            kind INTEGER NOT NULL, name TEXT NOT NULL, conversation_id INTEGER NOT NULL, PRIMARY KEY (kind, name, conversation_id)
        ) WITHOUT ROWID;
        INSERT INTO conversation_names (kind, name, conversation_id) SELECT kind, name, conversation_id FROM conversation_names_former;
        DROP TABLE conversation_names_former;
        CREATE INDEX ix_conversation_names_conversation ON conversation_names (conversation_id);
        """;

    /// <summary>The same on PostgreSQL.</summary>
    private const string PostgreSqlFormerNames = """
        DROP INDEX ix_conversation_names_name;
        ALTER TABLE conversation_names DROP CONSTRAINT conversation_names_pkey;
        ALTER TABLE conversation_names ADD CONSTRAINT conversation_names_pkey PRIMARY KEY (kind, name, conversation_id);
        CREATE INDEX ix_conversation_names_conversation ON conversation_names (conversation_id);
        """;

    /// <summary>
    /// Migration 030 over name rows in the former shape: every row stays, the look-up by conversation gives way to the
    /// key, and saves and deletions after it keep the counts equal to the rows.
    /// </summary>
    [ContractFact]
    public async Task NamesKeyedByConversation_OverRowsInTheFormerShape_KeepsEveryRowAndItsCounts()
    {
        var senders = Enumerable.Range(0, 12).Select(i => NewSender($"names-030-{i}")).ToList();
        await Store.WriteAsync([.. senders.Select((s, i) => Append(s, Conversation(i)))], CancellationToken.None);
        await DrainAsync(NewProjector());
        const string Rows = "SELECT conversation_id, kind, name FROM conversation_names";
        var rows = await StringsAsync(Rows);
        Assert.NotEmpty(rows);

        await ExecuteScriptAsync(Fixture is SqliteDatabase ? SqliteFormerNames : PostgreSqlFormerNames);
        Assert.Contains(await IndexNamesAsync(), n => n == "ix_conversation_names_conversation");
        var migration = ((SqlMigrator)Fixture.CreateMigrator()).Scripts().Single(s => s.Version == 30);
        await ExecuteScriptAsync(migration.Sql);

        Assert.Equal(rows, await StringsAsync(Rows));
        var indexes = await IndexNamesAsync();
        Assert.Contains("ix_conversation_names_name", indexes);
        Assert.DoesNotContain("ix_conversation_names_conversation", indexes);
        await AssertCountsAreCountsOfTheirRowsAsync();

        // The count triggers are in place: a conversation that grows, one deleted, one new.
        await Store.WriteAsync([Append(senders[0], Conversation(40)), Append(NewSender("names-030-new"), Conversation(41))], CancellationToken.None);
        Assert.Equal(1, await Store.DeleteAsync([senders[1]], CancellationToken.None));
        await DrainAsync(NewProjector());
        await AssertProjectedAsync(senders[0]);
        await AssertCountsAreCountsOfTheirRowsAsync();
    }

    private async Task ExecuteScriptAsync(string sql)
    {
        await using var connection = await Fixture.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand(sql);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    /// <summary>The names of the indexes on <c>conversation_names</c>.</summary>
    private Task<List<string>> IndexNamesAsync() => StringsAsync(Fixture is SqliteDatabase
        ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'conversation_names'"
        : "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'conversation_names'");
}
