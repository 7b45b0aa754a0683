using System.Data.Common;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>A conversation's folded assistant over a relational engine: one indexed join, the same SQL on every dialect.</summary>
public abstract class SqlConversationAssistants : IConversationAssistants
{
    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task<FoldedAssistant?> FindAsync(string senderId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(TokenSqlText.FindAssistant, ("sender", senderId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new FoldedAssistant(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt32(1) == 1)
            : null;
    }
}
