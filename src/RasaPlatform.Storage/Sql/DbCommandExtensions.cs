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
