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
        var db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var i = 0; i < row.Length; i++)
                {
                    Check(db, Bind(statement, i + 1, row[i]));
                }

                var step = raw.sqlite3_step(statement);
                if (step != raw.SQLITE_DONE)
                {
                    Check(db, step);
                }

                raw.sqlite3_reset(statement);
            }
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

    private static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
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
