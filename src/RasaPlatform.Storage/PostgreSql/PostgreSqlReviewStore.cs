using System.Data.Common;
using NodaTime;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Review statuses on the server.</summary>
/// <remarks>
/// A change share-locks the conversation row, which a deletion removes: a deletion waits for the change to commit (and
/// then deletes its row), and a change that waited for a deletion finds no conversation.
/// </remarks>
public sealed class PostgreSqlReviewStore(PostgreSqlDataSource dataSource, IClock clock) : SqlReviewStore(clock)
{
    protected override string FindConversationForChange => base.FindConversationForChange + " FOR SHARE";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);
}
