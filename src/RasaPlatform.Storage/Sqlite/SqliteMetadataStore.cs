using System.Data.Common;
using NodaTime;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Conversation metadata and its work queue in the SQLite file.</summary>
public sealed class SqliteMetadataStore(SqliteConnections connections, IClock clock) : SqlMetadataStore(clock)
{
    /// <summary>The FTS5 table's rowid is the conversation id.</summary>
    protected override string TextKey => "rowid";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
}
