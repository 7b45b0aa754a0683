using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RasaPlatform.Storage.Rasa;

/// <summary>A database a running Rasa writes (its SQL tracker store, its SQL event broker), which we only ever read.</summary>
/// <param name="Name">What progress and errors call it: engine, host or file, database; never a password.</param>
/// <param name="Connect">A new, closed connection to it.</param>
/// <param name="IsPostgreSql">Whether it is PostgreSQL (else SQLite).</param>
public sealed partial record RasaDatabase(string Name, Func<DbConnection> Connect, bool IsPostgreSql)
{
    /// <summary>The database a connection string names: PostgreSQL (<c>Host=…</c>) or SQLite (<c>Data Source=path</c>).</summary>
    /// <exception cref="ArgumentException">The string names neither.</exception>
    public static RasaDatabase FromConnectionString(string connectionString, string what)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (keys.ContainsKey("Host") || keys.ContainsKey("Server"))
        {
            return PostgreSql(connectionString, what);
        }

        if (keys.ContainsKey("Data Source") || keys.ContainsKey("DataSource") || keys.ContainsKey("Filename"))
        {
            return Sqlite(connectionString, what);
        }

        throw new ArgumentException(
            $"A {what} is a PostgreSQL connection string (Host=…;Database=…) or SQLite's 'Data Source=path'.",
            nameof(connectionString));
    }

    /// <summary>A PostgreSQL database.</summary>
    public static RasaDatabase PostgreSql(string connectionString, string what)
    {
        var postgres = new NpgsqlConnectionStringBuilder(connectionString);
        return new RasaDatabase($"{what} (PostgreSQL {postgres.Host}/{postgres.Database})", () => new NpgsqlConnection(connectionString), IsPostgreSql: true);
    }

    /// <summary>A SQLite file, opened read-only: we never write to Rasa's database, and a wrong path is an error, not a new file.</summary>
    public static RasaDatabase Sqlite(string connectionString, string what)
    {
        var sqlite = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly };
        return new RasaDatabase($"{what} (SQLite {sqlite.DataSource})", () => new SqliteConnection(sqlite.ToString()), IsPostgreSql: false);
    }

    /// <summary>A table name as SQL, each part quoted; <c>schema.table</c> allowed.</summary>
    /// <exception cref="ArgumentException">The name is not one or two plain identifiers.</exception>
    public static string QuotedTable(string table) =>
        TableName().IsMatch(table ?? string.Empty)
            ? string.Join('.', table!.Split('.').Select(part => $"\"{part}\""))
            : throw new ArgumentException($"'{table}' is not a table name (letters, digits and _, optionally schema.table).", nameof(table));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$")]
    private static partial Regex TableName();
}
