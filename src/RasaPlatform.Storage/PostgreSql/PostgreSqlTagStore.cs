using System.Data.Common;
using NodaTime;
using Npgsql;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Conversation tags on the server.</summary>
/// <remarks>
/// A link share-locks the conversation row, which every write of the conversation and its deletion lock first, and the
/// tag row, which a rename or deletion of the tag locks: those wait for the link to commit, and a link that waited
/// for them reads what they committed. Links of one tag do not block each other.
/// </remarks>
public sealed class PostgreSqlTagStore(PostgreSqlDataSource dataSource, IClock clock) : SqlTagStore(clock)
{
    protected override string LockForLink => " FOR SHARE";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenAsync(cancellationToken).ConfigureAwait(false);

    protected override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
