using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RasaPlatform.Hostile;

/// <summary>A digest of everything a store holds for its users, read with the same SQL from SQLite and PostgreSQL.</summary>
/// <remarks>
/// Conversations, their events (by content hash), flags, tags, tag links and tokens: what a refused request must not
/// change. Derived tables (metadata, counts, analytics) are left out: the background job changes them on its own time.
/// Meant for the small stores of the hostile-input runs: it reads every row.
/// </remarks>
public static class StoreDigest
{
    private static readonly string[] Queries =
    [
        "SELECT sender_id, event_count, latest_event_time FROM conversations",
        "SELECT conversation_id, seq, type, content_hash FROM events",
        "SELECT conversation_id, timestamp FROM message_flags",
        "SELECT id, assistant, name FROM tags",
        "SELECT conversation_id, tag_id FROM conversation_tags",
        "SELECT id, role, assistants, revoked_at_ms FROM api_tokens",
    ];

    /// <summary>The digest of the store <paramref name="connection"/> opens (opened here if closed).</summary>
    public static async Task<string> ComputeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var query in Queries)
        {
            var rows = new List<string>();
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var fields = new string[reader.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? string.Empty;
                }

                rows.Add(string.Join('\u001f', fields));
            }

            rows.Sort(StringComparer.Ordinal);
            hash.AppendData(Encoding.UTF8.GetBytes(query + "\n" + string.Join('\n', rows) + "\n\n"));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
