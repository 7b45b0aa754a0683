using System.Data.Common;
using NodaTime;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Intent corrections on the server.</summary>
/// <remarks>
/// A change locks the conversation row as every write of the conversation does first (<c>FOR NO KEY UPDATE</c>): a
/// tracker replace waits for the change to commit (and then removes the correction if its user message is gone), a
/// change that waited for a write sees that write's events in its message check, and two changes of one conversation
/// run one after the other, so each tells a created correction from a replaced one exactly.
/// </remarks>
public sealed class PostgreSqlIntentCorrectionStore(PostgreSqlDataSource dataSource, IClock clock) : SqlIntentCorrectionStore(clock)
{
    protected override string FindConversationForChange => CorrectionSqlText.FindConversation + " FOR NO KEY UPDATE";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);
}
