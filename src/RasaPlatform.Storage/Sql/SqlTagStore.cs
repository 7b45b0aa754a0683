using System.Data.Common;
using NodaTime;
using RasaPlatform.Core.Storage;
using RasaPlatform.Core.Tags;

namespace RasaPlatform.Storage.Sql;

/// <summary>The tag port over a relational engine: the same SQL on every dialect, which may lock and queue differently.</summary>
/// <remarks>
/// A link is stored in one transaction with the checks it depends on: the conversation exists at the revision its
/// assistant was determined at, and the tag exists and belongs to that assistant. Dialects whose transactions do not
/// exclude writers lock the rows read by those checks (see <see cref="LockForLink"/>).
/// </remarks>
public abstract class SqlTagStore(IClock clock) : ITagStore
{
    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Runs a write; an engine with a single writer queues it behind the process's other writes.</summary>
    protected virtual Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) => write();

    /// <summary>
    /// Appended to the link's reads of the conversation and tag rows; a dialect whose transactions do not exclude
    /// writers locks them here, so that a write of the conversation, or a rename or deletion of the tag, waits for the
    /// link to commit.
    /// </summary>
    protected virtual string LockForLink => string.Empty;

    /// <summary>
    /// Deletes a tag's links (<c>@id</c>); a dialect whose row locks can deadlock takes them in the order a deletion of
    /// conversations does.
    /// </summary>
    protected virtual string DeleteTagLinks => TagSqlText.DeleteTagLinks;

    /// <summary>
    /// Folds what the triggers on the links left pending into the tag counts before the change commits; nothing where
    /// the triggers keep the counts themselves.
    /// </summary>
    protected virtual Task FoldPendingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Whether the exception is the engine's unique-constraint violation (a rename racing another).</summary>
    protected abstract bool IsUniqueViolation(DbException exception);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationTag>> ListAsync(string assistant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(TagSqlText.List, ("assistant", assistant));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ConversationTagRows.ReadAllAsync(reader, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ConversationTag?> GetAsync(long tagId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(TagSqlText.Get, ("id", tagId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ConversationTagRows.Read(reader, 0) : null;
    }

    /// <inheritdoc />
    public Task<TagSave> CreateAsync(string assistant, string name, CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand(TagSqlText.Create, ("assistant", assistant), ("name", name), ("now", NowMs()));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } id
                ? new TagSave(TagSaveResult.Saved, new ConversationTag(Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture), name, assistant))
                : new TagSave(TagSaveResult.DuplicateName);
        },
        cancellationToken);

    /// <inheritdoc />
    public Task<TagSave> RenameAsync(long tagId, string name, CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var command = connection.CreateCommand(TagSqlText.Rename, ("id", tagId), ("name", name), ("now", NowMs()));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return new TagSave(TagSaveResult.Saved, ConversationTagRows.Read(reader, 0));
                }
            }
            catch (DbException e) when (IsUniqueViolation(e))
            {
                // Another rename or creation took the name between this statement's check and its write.
                return new TagSave(TagSaveResult.DuplicateName);
            }

            return await GetAsync(tagId, cancellationToken).ConfigureAwait(false) is null
                ? new TagSave(TagSaveResult.NoSuchTag)
                : new TagSave(TagSaveResult.DuplicateName);
        },
        cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(long tagId, CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var tag = connection.CreateCommand(transaction, TagSqlText.DeleteTag, ("id", tagId)))
            {
                if (await tag.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    return false;
                }
            }

            await using (var links = connection.CreateCommand(transaction, DeleteTagLinks, ("id", tagId)))
            {
                await links.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await FoldPendingAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await using (var count = connection.CreateCommand(transaction, TagSqlText.DeleteTagCount, ("id", tagId)))
            {
                await count.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        },
        cancellationToken);

    /// <inheritdoc />
    public async Task<TaggableConversation?> FindConversationAsync(string senderId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(TagSqlText.FindConversation, ("sender", senderId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var revision = reader.GetInt64(0);
        var current = !reader.IsDBNull(1) && reader.GetInt64(1) == revision && !reader.IsDBNull(2);
        return new TaggableConversation(revision, current ? reader.GetString(2) : null);
    }

    /// <inheritdoc />
    public Task<TagLinkResult> LinkAsync(string senderId, long tagId, string assistant, long revision, CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            long conversation;
            await using (var find = connection.CreateCommand(transaction, TagSqlText.FindConversationForLink + LockForLink, ("sender", senderId)))
            await using (var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return TagLinkResult.NoSuchConversation;
                }

                if (reader.GetInt64(1) != revision)
                {
                    return TagLinkResult.ConversationChanged;
                }

                conversation = reader.GetInt64(0);
            }

            await using (var tag = connection.CreateCommand(transaction, TagSqlText.FindTagForLink + LockForLink, ("tag", tagId)))
            {
                switch (await tag.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))
                {
                    case null:
                        return TagLinkResult.NoSuchTag;
                    case string owner when !string.Equals(owner, assistant, StringComparison.Ordinal):
                        return TagLinkResult.OtherAssistant;
                }
            }

            await using (var insert = connection.CreateCommand(transaction, TagSqlText.InsertLink, ("conversation", conversation), ("tag", tagId), ("now", NowMs())))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await FoldPendingAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return TagLinkResult.Linked;
        },
        cancellationToken);

    /// <inheritdoc />
    public Task UnlinkAsync(string senderId, long tagId, CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            int deleted;
            await using (var command = connection.CreateCommand(transaction, TagSqlText.DeleteLink, ("sender", senderId), ("tag", tagId)))
            {
                deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await FoldPendingAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return deleted;
        },
        cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationTag>> ReadTagsAsync(string senderId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(TagSqlText.ReadTags, ("sender", senderId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ConversationTagRows.ReadAllAsync(reader, 0, cancellationToken).ConfigureAwait(false);
    }

    private long NowMs() => clock.GetCurrentInstant().ToUnixTimeMilliseconds();
}
