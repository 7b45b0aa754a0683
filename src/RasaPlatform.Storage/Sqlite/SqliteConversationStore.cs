using System.Data.Common;
using NodaTime;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>The embedded store: one SQLite file in WAL mode.</summary>
/// <remarks>SQLite has one writer at a time; writes queue in process instead of spinning on the file lock.</remarks>
public sealed class SqliteConversationStore(SqliteConnections connections, IClock clock) : SqlConversationStore(clock), IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public override async Task<IngestResult> WriteAsync(IReadOnlyList<ConversationWrite> writes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.WriteAsync(writes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
}
