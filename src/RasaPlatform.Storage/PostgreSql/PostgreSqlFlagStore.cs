using System.Data.Common;
using NodaTime;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Message flags on the server.</summary>
/// <remarks>
/// A change share-locks the conversation row, which every write of the conversation updates first: a tracker replace
/// waits for the change to commit (and then removes the flag if its message is gone), and a change that waited for a
/// write sees that write's events in its message check, the next statement of its read-committed transaction.
/// </remarks>
public sealed class PostgreSqlFlagStore(PostgreSqlDataSource dataSource, IClock clock) : SqlFlagStore(clock)
{
    protected override string FindConversationForChange => FlagSqlText.FindConversation + " FOR SHARE";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);
}
