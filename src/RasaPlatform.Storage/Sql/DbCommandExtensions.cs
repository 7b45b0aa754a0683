using System.Data.Common;

namespace RasaPlatform.Storage.Sql;

internal static class DbCommandExtensions
{
    public static DbCommand CreateCommand(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    /// <summary>A command enlisted in <paramref name="transaction"/>, with its parameters bound.</summary>
    public static DbCommand CreateCommand(
        this DbConnection connection,
        DbTransaction transaction,
        string sql,
        params IEnumerable<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand(sql);
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    /// <summary>Runs <paramref name="sql"/> in <paramref name="transaction"/> and returns its first column of its first row, or null.</summary>
    public static async Task<object?> ScalarAsync(
        this DbConnection connection,
        DbTransaction transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="sql"/> in <paramref name="transaction"/> and returns the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(
        this DbConnection connection,
        DbTransaction transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();

        // Named as in the SQL text: Microsoft.Data.Sqlite otherwise retries each prefix, allocating, on every execution.
        parameter.ParameterName = name.StartsWith('@') ? name : "@" + name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
