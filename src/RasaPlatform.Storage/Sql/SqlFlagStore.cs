using System.Data.Common;
using NodaTime;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The flag port over a relational engine: the same SQL on every dialect, which may lock differently.</summary>
/// <remarks>
/// A change looks up the conversation, checks that a message exists at the timestamp and then stores or deletes the
/// flag, all in one transaction, so that a tracker replace cannot slip in between and leave a flag on nothing.
/// </remarks>
public abstract class SqlFlagStore(IClock clock) : IFlagStore
{
    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Finds the conversation's id by <c>@sender</c> inside a change's transaction; a dialect whose transactions do not
    /// exclude writers adds a lock here that holds off a concurrent write of the conversation until the change commits.
    /// </summary>
    protected virtual string FindConversationForChange => FlagSqlText.FindConversation;

    /// <inheritdoc />
    public Task<FlagResult> FlagAsync(string senderId, double timestamp, CancellationToken cancellationToken) =>
        ChangeAsync(senderId, MessageTimestamps.Checked(timestamp), flag: true, cancellationToken);

    /// <inheritdoc />
    public Task<FlagResult> UnflagAsync(string senderId, double timestamp, CancellationToken cancellationToken) =>
        ChangeAsync(senderId, MessageTimestamps.Checked(timestamp), flag: false, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<double>> ReadFlaggedAsync(string senderId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(FlagSqlText.ReadFlagged, ("sender", senderId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var timestamps = new List<double>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            timestamps.Add(reader.GetDouble(0));
        }

        return timestamps;
    }

    /// <summary>Flags or unflags in one transaction; dialects may queue the call behind other writers.</summary>
    protected virtual async Task<FlagResult> ChangeAsync(string senderId, double timestamp, bool flag, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await ChangeAsync(connection, transaction, senderId, timestamp, flag, cancellationToken).ConfigureAwait(false);
        if (result is FlagResult.Flagged or FlagResult.Unflagged)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<FlagResult> ChangeAsync(
        DbConnection connection,
        DbTransaction transaction,
        string senderId,
        double timestamp,
        bool flag,
        CancellationToken cancellationToken)
    {
        if (await connection.ScalarAsync(transaction, FindConversationForChange, cancellationToken, ("sender", senderId)).ConfigureAwait(false) is not { } found)
        {
            return FlagResult.NoSuchConversation;
        }

        var conversation = (long)found;
        if (await connection.ScalarAsync(transaction, FlagSqlText.FindMessage, cancellationToken, ("conversation", conversation), ("timestamp", timestamp)).ConfigureAwait(false) is null)
        {
            return FlagResult.NoSuchMessage;
        }

        if (flag)
        {
            var now = clock.GetCurrentInstant().ToUnixTimeMilliseconds();
            await connection.ExecuteAsync(transaction, FlagSqlText.Insert, cancellationToken, ("conversation", conversation), ("timestamp", timestamp), ("now", now)).ConfigureAwait(false);
            return FlagResult.Flagged;
        }

        await connection.ExecuteAsync(transaction, FlagSqlText.Delete, cancellationToken, ("conversation", conversation), ("timestamp", timestamp)).ConfigureAwait(false);
        return FlagResult.Unflagged;
    }
}
