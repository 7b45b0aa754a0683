using System.Data.Common;
using NodaTime;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The lease port over a relational engine: one atomic upsert per claim, the same SQL on every dialect.</summary>
public abstract class SqlLeaseStore(IClock clock) : ILeaseStore
{
    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Runs a write; an engine with a single writer queues it behind the process's other writes.</summary>
    protected virtual Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) => write();

    /// <inheritdoc />
    public async Task<bool> TryAcquireAsync(string name, string owner, Duration ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, Duration.Zero);
        return await WriteAsync(
            async () =>
            {
                var now = clock.GetCurrentInstant();
                await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand(
                    SqlText.AcquireLease,
                    ("name", name),
                    ("owner", owner),
                    ("expires", (now + ttl).ToUnixTimeMilliseconds()),
                    ("now", now.ToUnixTimeMilliseconds()));
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand(SqlText.ReleaseLease, ("name", name), ("owner", owner));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        },
        cancellationToken);
}
