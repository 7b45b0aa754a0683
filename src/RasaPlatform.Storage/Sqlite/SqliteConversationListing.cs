using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using RasaPlatform.Storage.Sql;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>The listing in the SQLite file; the text filter is a GLOB on the FTS5 trigram table.</summary>
/// <remarks>
/// FTS5's trigram index answers GLOB (not LIKE) when it is case-sensitive, which it may be because text and fragment
/// are both lower-cased. A fragment shorter than three characters has no trigram: FTS5 then scans the text, correct
/// but not indexed.
/// </remarks>
public sealed class SqliteConversationListing(SqliteConnections connections) : SqlConversationListing
{
    protected override string TextCondition(string parameter) =>
        $"m.conversation_id IN (SELECT rowid FROM conversation_text WHERE text GLOB {parameter})";

    /// <summary><c>*fragment*</c>, with GLOB's own wildcards in the fragment made literal by brackets.</summary>
    protected override string TextPattern(string fragment)
    {
        var pattern = new StringBuilder(fragment.Length + 8).Append('*');
        foreach (var c in fragment)
        {
            _ = c is '*' or '?' or '[' ? pattern.Append('[').Append(c).Append(']') : pattern.Append(c);
        }

        return pattern.Append('*').ToString();
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A deferred transaction: a read snapshot in WAL that never blocks a writer.</summary>
    protected override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
}
