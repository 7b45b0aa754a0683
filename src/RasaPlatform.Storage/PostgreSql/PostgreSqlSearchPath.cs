namespace RasaPlatform.Storage.PostgreSql;

/// <summary>Reads a <c>search_path</c> value the way the server does, as far as the migrator needs it.</summary>
public static class PostgreSqlSearchPath
{
    /// <summary>The schema new tables go to: the first entry, case-folded unless quoted; null for none or <c>$user</c>.</summary>
    public static string? FirstSchema(string? searchPath)
    {
        if (string.IsNullOrWhiteSpace(searchPath))
        {
            return null;
        }

        var first = searchPath.Trim();
        string name;
        if (first.StartsWith('"'))
        {
            var end = first.IndexOf('"', 1);
            while (end > 0 && end + 1 < first.Length && first[end + 1] == '"')
            {
                end = first.IndexOf('"', end + 2);
            }

            name = end < 0 ? first[1..] : first[1..end].Replace("\"\"", "\"", StringComparison.Ordinal);
        }
        else
        {
            var comma = first.IndexOf(',', StringComparison.Ordinal);
            name = (comma < 0 ? first : first[..comma]).Trim().ToLowerInvariant();
        }

        return name.Length == 0 || name == "$user" ? null : name;
    }

    /// <summary>Quotes an identifier for SQL text.</summary>
    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
