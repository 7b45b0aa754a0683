using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using NodaTime;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>Applies a dialect's embedded, numbered SQL scripts (<c>Migrations/{Dialect}/NNN_name.sql</c>) in order.</summary>
/// <remarks>Each script runs in its own transaction together with its row in <c>schema_migrations</c>.</remarks>
public abstract class SqlMigrator(IClock clock, ILogger logger) : IStoreMigrator
{
    /// <summary>The folder under <c>Migrations</c> holding this dialect's scripts.</summary>
    protected abstract string Dialect { get; }

    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Runs before anything else, outside a transaction (engine settings, schema creation).</summary>
    protected virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Keeps other instances from migrating at the same time, for the life of the transaction.</summary>
    protected virtual Task LockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>The versioned scripts this build carries, in order.</summary>
    public IReadOnlyList<(int Version, string Name, string Sql)> Scripts()
    {
        var assembly = typeof(SqlMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{Dialect}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..^4])
            .Select(name => (Version: int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture), Name: name))
            .OrderBy(s => s.Version)
            .Select(s => (s.Version, s.Name, Read(assembly, prefix + s.Name + ".sql")))
            .ToList();
    }

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (var (version, name, sql) in Scripts())
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, MigrationSql.CreateTable, cancellationToken).ConfigureAwait(false);
            if (await IsAppliedAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            await using (var record = connection.CreateCommand(
                MigrationSql.Record,
                ("version", version),
                ("name", name),
                ("at", clock.GetCurrentInstant().ToUnixTimeMilliseconds())))
            {
                record.Transaction = transaction;
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            MigratorLog.Applied(logger, Dialect, name);
        }
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction transaction, int version, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(MigrationSql.IsApplied, ("version", version));
        command.Transaction = transaction;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(sql);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Missing embedded migration {resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static class MigrationSql
    {
        public const string CreateTable = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version       INTEGER PRIMARY KEY,
                name          TEXT    NOT NULL,
                applied_at_ms BIGINT  NOT NULL
            )
            """;

        public const string IsApplied = "SELECT 1 FROM schema_migrations WHERE version = @version";

        public const string Record = "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (@version, @name, @at)";
    }
}
