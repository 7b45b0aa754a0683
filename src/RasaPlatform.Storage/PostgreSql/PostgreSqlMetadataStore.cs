using System.Data.Common;
using NodaTime;
using Npgsql;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Conversation metadata and its work queue on the server: a conversation's names in one round trip.</summary>
public sealed class PostgreSqlMetadataStore(PostgreSqlDataSource dataSource, IClock clock) : SqlMetadataStore(clock)
{
    /// <summary>Keeps the rows that stay, so that a re-fold of an unchanged conversation rewrites no index entry.</summary>
    private const string DeleteOtherNames = """
        DELETE FROM conversation_names
        WHERE conversation_id = @id AND (kind, name) NOT IN (SELECT k, n FROM unnest(@kinds, @names) AS u(k, n))
        """;

    private const string InsertNames = """
        INSERT INTO conversation_names (kind, name, conversation_id)
        SELECT k, n, @id FROM unnest(@kinds, @names) AS u(k, n)
        ON CONFLICT DO NOTHING
        """;

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task ReplaceNamesAsync(
        DbConnection connection,
        DbTransaction transaction,
        long conversationId,
        IReadOnlyList<NameRow> names,
        CancellationToken cancellationToken)
    {
        var kinds = names.Select(n => n.Kind).ToArray();
        var values = names.Select(n => n.Name).ToArray();
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        foreach (var sql in new[] { DeleteOtherNames, InsertNames })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<long>("id", conversationId));
            command.Parameters.Add(new NpgsqlParameter<short[]>("kinds", kinds));
            command.Parameters.Add(new NpgsqlParameter<string[]>("names", values));
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
