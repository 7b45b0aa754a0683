using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;
using SQLitePCL;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>The embedded store: one SQLite file in WAL mode.</summary>
/// <remarks>
/// SQLite has one writer at a time; writes queue in process, with every other store's writes to the file, through
/// <see cref="SqliteConnections.WriteExclusivelyAsync"/>.
/// </remarks>
public sealed class SqliteConversationStore(SqliteConnections connections, IClock clock) : SqlConversationStore(clock)
{
    /// <summary>The shared insert with positional parameters, bound by index below.</summary>
    private const string InsertEventByPosition = """
        INSERT INTO events (conversation_id, seq, type, timestamp, content_hash, name, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        """;

    /// <summary>The shared read with positional parameters: <c>?1</c> the sender id, <c>?2</c> the time bound.</summary>
    private const string ReadEventsByPosition = """
        SELECT e.seq, e.type, e.timestamp, e.data, e.name
        FROM events e JOIN conversations c ON c.id = e.conversation_id
        WHERE c.sender_id = ?1 AND e.timestamp <= ?2 AND e.seq >= ?3 AND e.seq <= ?4
        ORDER BY e.seq
        """;

    /// <summary>
    /// The events of the conversations in one query, ordered by conversation and arrival, so that each conversation is
    /// read whole before the next one starts: the sender ids looked up in their unique index, each conversation's events
    /// read in key order, no sort.
    /// </summary>
    private string ReadConversationsSql => $"""
        SELECT c.sender_id, e.seq, e.type, e.timestamp, e.data, e.name
        FROM events e JOIN conversations c ON c.id = e.conversation_id
        WHERE e.conversation_id IN (SELECT id FROM conversations WHERE sender_id IN ({SetOf("senders")}))
        ORDER BY e.conversation_id, e.seq
        """;

    private readonly Utf8StringCache _names = new();

    public override Task<IngestResult> WriteAsync(IReadOnlyList<ConversationWrite> writes, FeedProgress? feed, CancellationToken cancellationToken) =>
        connections.WriteExclusivelyAsync(() => base.WriteAsync(writes, feed, cancellationToken), cancellationToken);

    public override Task<int> DeleteAsync(IReadOnlyList<string> senderIds, CancellationToken cancellationToken) =>
        connections.WriteExclusivelyAsync(() => base.DeleteAsync(senderIds, cancellationToken), cancellationToken);

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A JSON array bound as text: one parameter whatever the number of values.</summary>
    protected override string SetOf(string name) => $"SELECT value FROM json_each(@{name})";

    protected override void BindSet<T>(DbCommand command, string name, IReadOnlyList<T> values) =>
        command.AddParameter(name, JsonSerializer.Serialize(values));

    /// <summary>The text leaves the trigram index first: an external-content FTS5 index needs the old value.</summary>
    protected override IEnumerable<string> DeleteRowsSql(string ids) =>
        base.DeleteRowsSql(ids).Prepend($"""
            INSERT INTO conversation_text_index (conversation_text_index, rowid, text)
            SELECT 'delete', conversation_id, text FROM conversation_text WHERE conversation_id IN ({ids})
            """);

    /// <summary>
    /// Inserts through SQLite's own statement API on the transaction's connection: Microsoft.Data.Sqlite resolves
    /// every parameter by name on every execution, which was an eighth of bulk-import time.
    /// </summary>
    protected override Task InsertEventsAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<EventRow> rows,
        CancellationToken cancellationToken)
    {
        var db = ((SqliteConnection)connection).Handle!;
        SqliteStatements.Check(db, raw.sqlite3_prepare_v2(db, InsertEventByPosition, out var statement));
        using (statement)
        {
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                raw.sqlite3_bind_int64(statement, 1, row.ConversationId);
                raw.sqlite3_bind_int64(statement, 2, row.Seq);
                raw.sqlite3_bind_text(statement, 3, row.Event.Type);
                raw.sqlite3_bind_double(statement, 4, row.Event.Timestamp);
                raw.sqlite3_bind_int64(statement, 5, row.Event.ContentHash);
                if (row.Event.Name is { } name)
                {
                    raw.sqlite3_bind_text(statement, 6, name);
                }
                else
                {
                    raw.sqlite3_bind_null(statement, 6);
                }

                raw.sqlite3_bind_text(statement, 7, row.Event.Json);
                var step = raw.sqlite3_step(statement);
                if (step != raw.SQLITE_DONE)
                {
                    SqliteStatements.Check(db, step);
                }

                raw.sqlite3_reset(statement);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Reads through SQLite's own statement API: Microsoft.Data.Sqlite's per-value overhead was a third of reading a
    /// 10,000-event conversation.
    /// </summary>
    public override async IAsyncEnumerable<StoredEvent> ReadEventsAsync(
        string senderId,
        EventQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForScanAsync(cancellationToken).ConfigureAwait(false);
        var db = connection.Handle!;
        SqliteStatements.Check(db, raw.sqlite3_prepare_v2(db, ReadEventsByPosition, out var statement));
        using (statement)
        {
            raw.sqlite3_bind_text(statement, 1, senderId);
            raw.sqlite3_bind_double(statement, 2, query.Until ?? double.PositiveInfinity);
            raw.sqlite3_bind_int64(statement, 3, query.Sequences.From ?? long.MinValue);
            raw.sqlite3_bind_int64(statement, 4, query.Sequences.Through ?? long.MaxValue);
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new StoredEvent(
                    raw.sqlite3_column_int64(statement, 0),
                    _names.Get(raw.sqlite3_column_blob(statement, 1)),
                    raw.sqlite3_column_double(statement, 2),
                    Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, 3)),
                    raw.sqlite3_column_type(statement, 4) == raw.SQLITE_NULL ? null : _names.Get(raw.sqlite3_column_blob(statement, 4)));
            }

            SqliteStatements.Check(db, step);
        }
    }

    /// <summary>By <see cref="ReadConversationsSql"/>, through SQLite's own statement API, the senders bound as one JSON array.</summary>
    protected override async IAsyncEnumerable<(string SenderId, StoredEvent Event)> ReadConversationRowsAsync(
        IReadOnlyList<string> senderIds,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenForScanAsync(cancellationToken).ConfigureAwait(false);
        var db = connection.Handle!;
        SqliteStatements.Check(db, raw.sqlite3_prepare_v2(db, ReadConversationsSql, out var statement));
        using (statement)
        {
            raw.sqlite3_bind_text(statement, raw.sqlite3_bind_parameter_index(statement, "@senders"), JsonSerializer.Serialize(senderIds));
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return (raw.sqlite3_column_text(statement, 0).utf8_to_string(), new StoredEvent(
                    raw.sqlite3_column_int64(statement, 1),
                    _names.Get(raw.sqlite3_column_blob(statement, 2)),
                    raw.sqlite3_column_double(statement, 3),
                    Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, 4)),
                    raw.sqlite3_column_type(statement, 5) == raw.SQLITE_NULL ? null : _names.Get(raw.sqlite3_column_blob(statement, 5))));
            }

            SqliteStatements.Check(db, step);
        }
    }

}
