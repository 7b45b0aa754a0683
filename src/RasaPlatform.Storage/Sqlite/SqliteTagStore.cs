using System.Data.Common;
using Microsoft.Data.Sqlite;
using NodaTime;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Conversation tags in the SQLite file.</summary>
/// <remarks>
/// Changes queue with every other write of this process through <see cref="SqliteConnections.WriteExclusivelyAsync"/>
/// and run in immediate transactions, which hold the file's write lock from their start: nothing changes the
/// conversation or the tag between a link's checks and its insert.
/// </remarks>
public sealed class SqliteTagStore(SqliteConnections connections, IClock clock) : SqlTagStore(clock)
{
    /// <summary>SQLITE_CONSTRAINT; only a unique index can fail on these tables.</summary>
    private const int ConstraintViolation = 19;

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) =>
        connections.WriteExclusivelyAsync(write, cancellationToken);

    protected override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: ConstraintViolation };
}
