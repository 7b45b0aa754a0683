using System.Text;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>
/// The baseline on PostgreSQL: <c>data</c> (text) cast to <c>json</c> for scalar reads and to <c>jsonb</c> for the
/// entity path query, <c>ILIKE</c> for text, a regular expression for policy prefixes.
/// </summary>
internal sealed class PostgresBaselineSql : BaselineSql
{
    protected override string DistinctEntities =>
        "SELECT DISTINCT v #>> '{}' FROM events e, jsonb_path_query(e.data::jsonb, '$.parse_data.entities[*].entity ? (@.type() == \"string\")') v "
        + "WHERE e.type_name = 'user'";

    protected override string JsonText(string data, string path) => $"({data}::json #>> '{{{path.Replace('.', ',')}}}')";

    protected override string JsonNumber(string data, string path) => $"{JsonText(data, path)}::float8";

    /// <summary>One jsonpath over the entities, with the names as its variables <c>$n0</c>, <c>$n1</c>, ….</summary>
    protected override string HasEntity(string data, IReadOnlyList<string> placeholders)
    {
        var tests = string.Join(" || ", placeholders.Select((_, i) => $"@.entity == $n{Integer(i)}"));
        var variables = string.Join(", ", placeholders.Select((p, i) => $"'n{Integer(i)}', {p}::text"));
        return $"jsonb_path_exists({data}::jsonb, '$.parse_data.entities[*] ? ({tests})', jsonb_build_object({variables}))";
    }

    /// <summary>Equal, or matching <c>^policy_[0-9]+_name$</c> with the name's punctuation escaped.</summary>
    protected override string PolicyIs(string policy, string name, SqlParameters p) =>
        $"({policy} = {p.Bind(name)} OR {policy} ~ {p.Bind("^policy_[0-9]+_" + RegexLiteral(name) + "$")})";

    protected override string Contains(string text, string placeholder) => $"{text} ILIKE {placeholder} ESCAPE '\\'";

    protected override string ContainsPattern(string fragment) => LikePattern(fragment);

    /// <summary>A backslash before every ASCII character that is not a letter or digit makes it literal in an ARE.</summary>
    private static string RegexLiteral(string text)
    {
        var literal = new StringBuilder();
        foreach (var c in text)
        {
            _ = char.IsAscii(c) && !char.IsAsciiLetterOrDigit(c) ? literal.Append('\\').Append(c) : literal.Append(c);
        }

        return literal.ToString();
    }
}
