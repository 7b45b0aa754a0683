using Npgsql;

namespace RasaPlatform.Benchmarks.Run.Stores;

/// <summary>
/// PostgreSQL stores as databases of their own (named like <c>rasabench_postgresql_s</c>) on the server the admin
/// connection string names, created fresh and dropped on dispose unless kept.
/// </summary>
internal sealed class PostgresBenchStore(string adminConnectionString, bool keep) : IBenchStore
{
    private readonly List<string> _databases = [];

    public string Name => "postgresql";

    public async Task<IReadOnlyList<string>> CreateServiceStoreAsync(string name, CancellationToken cancellationToken)
    {
        var connectionString = await FreshDatabaseAsync(name, cancellationToken).ConfigureAwait(false);
        return ["--Storage:Provider=PostgreSql", "--Storage:PostgreSql:ConnectionString=" + connectionString];
    }

    public async Task<IRasaEventsTable> CreateRasaTableAsync(string name, CancellationToken cancellationToken)
    {
        var table = new PostgresRasaEventsTable(await FreshDatabaseAsync(name, cancellationToken).ConfigureAwait(false));
        await table.CreateAsync(cancellationToken).ConfigureAwait(false);
        return table;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (!keep)
        {
            foreach (var database in _databases)
            {
                await DropAsync(database, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> FreshDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        var database = name.ToLowerInvariant();
        await DropAsync(database, cancellationToken).ConfigureAwait(false);
        await AdminAsync($"CREATE DATABASE \"{database}\"", cancellationToken).ConfigureAwait(false);
        _databases.Add(database);
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ToString();
    }

    /// <summary>
    /// Drops the database, its connections with it. FORCE ends an autovacuum worker (which belongs to no role) only for
    /// a member of <c>pg_signal_backend</c> (build/postgres.sh grants it); for any other role it fails with 42501 until
    /// the worker is done, so the drop is tried again for a while.
    /// </summary>
    private async Task DropAsync(string database, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AdminAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Database names are built from fixed words and the validated size, never from free input, so quoting suffices.
    private async Task AdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
