using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RasaPlatform.Storage.Sqlite;

/// <summary>
/// Many rows through one prepared statement of SQLite's own API: Microsoft.Data.Sqlite resolves every parameter by
/// name on every execution, and rows sent as one JSON array cost a serialisation here and a parse per column there.
/// </summary>
internal static class SqliteStatements
{
    /// <summary>
    /// Runs <paramref name="sql"/> (positional parameters <c>?1</c>, <c>?2</c> …) once per row on the connection's open
    /// transaction, binding each row's values in order: integers, reals, text or null.
    /// </summary>
    public static void Run(SqliteConnection connection, string sql, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        using var statement = SqliteStatement.Prepare(connection, sql);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            statement.Execute(row);
        }
    }

    /// <summary>Throws SQLite's error for a result other than OK or DONE.</summary>
    public static void Check(sqlite3 db, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), result);
        }
    }

    internal static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        long l => raw.sqlite3_bind_int64(statement, index, l),
        int n => raw.sqlite3_bind_int64(statement, index, n),
        short s => raw.sqlite3_bind_int64(statement, index, s),
        bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
        double d => raw.sqlite3_bind_double(statement, index, d),
        string t => raw.sqlite3_bind_text(statement, index, t),
        _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A row value of type {value.GetType()} has no SQLite binding."), nameof(value)),
    };
}

/// <summary>
/// One statement of SQLite's own API, prepared once on the connection (and its open transaction) and run once per row:
/// Microsoft.Data.Sqlite resolves every parameter by name on every execution.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _indexes;

    private SqliteStatement(sqlite3 db, sqlite3_stmt statement, int[] indexes)
    {
        _db = db;
        _statement = statement;
        _indexes = indexes;
    }

    /// <summary>
    /// Prepares <paramref name="sql"/>: its values bind to <paramref name="parameterNames"/> (without <c>@</c>) in
    /// order, or, with none given, to the positional parameters <c>?1</c>, <c>?2</c> ….
    /// </summary>
    public static SqliteStatement Prepare(SqliteConnection connection, string sql, IReadOnlyList<string>? parameterNames = null)
    {
        var db = connection.Handle!;
        SqliteStatements.Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        var count = raw.sqlite3_bind_parameter_count(statement);
        var indexes = parameterNames is null
            ? [.. Enumerable.Range(1, count)]
            : parameterNames.Select(n => raw.sqlite3_bind_parameter_index(statement, "@" + n)).ToArray();
        if (indexes.Any(i => i == 0))
        {
            statement.Dispose();
            throw new ArgumentException($"A parameter of [{string.Join(", ", parameterNames!)}] is not in the statement.", nameof(parameterNames));
        }

        return new SqliteStatement(db, statement, indexes);
    }

    /// <summary>Binds <paramref name="values"/> and runs the statement once: true when it gave a row (<c>RETURNING</c>).</summary>
    public bool Execute(IReadOnlyList<object?> values)
    {
        try
        {
            for (var i = 0; i < values.Count; i++)
            {
                SqliteStatements.Check(_db, SqliteStatements.Bind(_statement, _indexes[i], values[i]));
            }

            var step = raw.sqlite3_step(_statement);
            if (step is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
            {
                SqliteStatements.Check(_db, step);
            }

            return step == raw.SQLITE_ROW;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>The rows the last <see cref="Execute"/> changed.</summary>
    public int Changes => raw.sqlite3_changes(_db);

    public void Dispose() => _statement.Dispose();
}
