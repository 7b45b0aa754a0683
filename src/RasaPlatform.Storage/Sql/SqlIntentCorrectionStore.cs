using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using NodaTime;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The intent correction port over a relational engine: the same SQL on every dialect, which may lock differently.</summary>
/// <remarks>
/// A change looks up the conversation, checks that a user event exists at the timestamp and then stores or deletes the
/// correction, all in one transaction, so that a tracker replace cannot slip in between and leave a correction on
/// nothing (the replace deletes unmatched corrections in its own transaction: <see cref="CorrectionSqlText.DeleteUnmatched"/>).
/// </remarks>
public abstract class SqlIntentCorrectionStore(IClock clock) : IIntentCorrectionStore
{
    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Finds the conversation's id by <c>@sender</c> inside a change's transaction; a dialect whose transactions do not
    /// exclude writers adds a lock here that holds off concurrent writes and changes of the conversation until commit,
    /// so that a change tells a created correction from a replaced one exactly.
    /// </summary>
    protected virtual string FindConversationForChange => CorrectionSqlText.FindConversation;

    /// <inheritdoc />
    public Task<CorrectionResult> SetAsync(string senderId, double timestamp, string intent, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(intent);
        return ChangeAsync(senderId, MessageTimestamps.Checked(timestamp), intent, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CorrectionResult> RemoveAsync(string senderId, double timestamp, CancellationToken cancellationToken) =>
        ChangeAsync(senderId, MessageTimestamps.Checked(timestamp), intent: null, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<IntentCorrection>> ReadAsync(string senderId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(CorrectionSqlText.ReadOfSender, ("sender", senderId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var corrections = new List<IntentCorrection>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            corrections.Add(new IntentCorrection(reader.GetDouble(0), reader.GetString(1)));
        }

        return corrections;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CorrectedUserMessage> ReadCorrectedMessagesAsync(
        double? start,
        double? until,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sql = new StringBuilder(CorrectionSqlText.ReadCorrectedMessages);
        var parameters = new List<(string, object?)>();
        if (start is { } s)
        {
            sql.Append(" AND i.message_timestamp >= @start");
            parameters.Add(("start", s));
        }

        if (until is { } u)
        {
            sql.Append(" AND i.message_timestamp <= @until");
            parameters.Add(("until", u));
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new CorrectedUserMessage(
                reader.GetString(0),
                reader.GetDouble(1),
                reader.GetString(2),
                Instant.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.GetString(4));
        }
    }

    /// <summary>Sets (<paramref name="intent"/> given) or removes a correction in one transaction; dialects may queue the call behind other writers.</summary>
    protected virtual async Task<CorrectionResult> ChangeAsync(string senderId, double timestamp, string? intent, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await ChangeAsync(connection, transaction, senderId, timestamp, intent, cancellationToken).ConfigureAwait(false);
        if (result is CorrectionResult.Created or CorrectionResult.Replaced or CorrectionResult.Removed)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<CorrectionResult> ChangeAsync(
        DbConnection connection,
        DbTransaction transaction,
        string senderId,
        double timestamp,
        string? intent,
        CancellationToken cancellationToken)
    {
        if (await connection.ScalarAsync(transaction, FindConversationForChange, cancellationToken, ("sender", senderId)).ConfigureAwait(false) is not { } found)
        {
            return CorrectionResult.NoSuchConversation;
        }

        var key = new[] { ("conversation", (object?)Convert.ToInt64(found, CultureInfo.InvariantCulture)), ("timestamp", timestamp) };
        if (intent is null)
        {
            await connection.ExecuteAsync(transaction, CorrectionSqlText.Delete, cancellationToken, key).ConfigureAwait(false);
            return CorrectionResult.Removed;
        }

        if (await connection.ScalarAsync(transaction, CorrectionSqlText.FindUserMessage, cancellationToken, key).ConfigureAwait(false) is null)
        {
            return CorrectionResult.NoSuchUserMessage;
        }

        var existed = await connection.ScalarAsync(transaction, CorrectionSqlText.FindCorrection, cancellationToken, key).ConfigureAwait(false) is not null;
        var now = clock.GetCurrentInstant().ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(transaction, CorrectionSqlText.Upsert, cancellationToken, [.. key, ("intent", intent), ("now", now)]).ConfigureAwait(false);
        return existed ? CorrectionResult.Replaced : CorrectionResult.Created;
    }
}
