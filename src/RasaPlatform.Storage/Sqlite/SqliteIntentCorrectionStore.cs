using System.Data.Common;
using NodaTime;
using RasaPlatform.Core.Storage;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>Intent corrections in the SQLite file.</summary>
/// <remarks>
/// Changes queue with every other write of this process through <see cref="SqliteConnections.WriteExclusivelyAsync"/>
/// and run in an immediate transaction, which holds the file's write lock from its start: no writer can change the
/// conversation between the message check and the correction, and no change fails on a busy file.
/// </remarks>
public sealed class SqliteIntentCorrectionStore(SqliteConnections connections, IClock clock) : SqlIntentCorrectionStore(clock)
{
    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override Task<CorrectionResult> ChangeAsync(string senderId, double timestamp, string? intent, CancellationToken cancellationToken) =>
        connections.WriteExclusivelyAsync(() => base.ChangeAsync(senderId, timestamp, intent, cancellationToken), cancellationToken);
}
