using System.Data.Common;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Access;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>The API token port over a relational engine: the same SQL on every dialect.</summary>
public abstract class SqlApiTokenStore : IApiTokenStore
{
    /// <summary>Opens a connection ready for use.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Runs a write; an engine with a single writer queues it behind the process's other writes.</summary>
    protected virtual Task<T> WriteAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken) => write();

    /// <inheritdoc />
    public Task<bool> TryCreateAsync(ApiToken token, string hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentException.ThrowIfNullOrEmpty(hash);
        return WriteAsync(
            async () =>
            {
                await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand(
                    TokenSqlText.Insert,
                    ("id", token.Id),
                    ("hash", hash),
                    ("name", token.Name),
                    ("role", token.Role.Name()),
                    ("assistants", JsonSerializer.Serialize(token.Assistants)),
                    ("created", token.CreatedAt.ToUnixTimeMilliseconds()));
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ApiToken?> FindActiveAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(TokenSqlText.FindActive, ("hash", hash));
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand(TokenSqlText.List);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<ApiToken?> RevokeAsync(string id, Instant at, CancellationToken cancellationToken) => WriteAsync(
        async () =>
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand(TokenSqlText.Revoke, ("id", id), ("at", at.ToUnixTimeMilliseconds()));
            return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
        },
        cancellationToken);

    private static async Task<List<ApiToken>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tokens = new List<ApiToken>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(new ApiToken(
                reader.GetString(0),
                reader.GetString(1),
                ApiRoles.TryParse(reader.GetString(2), out var role) ? role.Value : throw new InvalidDataException($"Unknown role '{reader.GetString(2)}' in api_tokens."),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(3)) ?? [],
                Instant.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : Instant.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return tokens;
    }
}
