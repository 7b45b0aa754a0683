using System.Text;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>The baseline on SQLite: <c>json_extract</c> and <c>json_each</c> over <c>data</c>, GLOB for policy prefixes.</summary>
/// <remarks>SQLite's LIKE ignores case for ASCII letters only; the fragments the run picks are ASCII letters.</remarks>
internal sealed class SqliteBaselineSql : BaselineSql
{
    protected override string DistinctEntities =>
        "SELECT DISTINCT json_extract(x.value, '$.entity') FROM events e, json_each(e.data, '$.parse_data.entities') x "
        + "WHERE e.type_name = 'user' AND x.type = 'object'";

    protected override string JsonText(string data, string path) => $"json_extract({data}, '$.{path}')";

    protected override string JsonNumber(string data, string path) => JsonText(data, path);

    protected override string HasEntity(string data, IReadOnlyList<string> placeholders) =>
        $"EXISTS (SELECT 1 FROM json_each({data}, '$.parse_data.entities') x WHERE x.type = 'object' "
        + $"AND json_extract(x.value, '$.entity') IN ({string.Join(", ", placeholders)}))";

    /// <summary>
    /// Equal, or <c>policy_</c>, digits, <c>_</c> and the name: GLOB <c>policy_[0-9]*_name</c> with everything
    /// between the prefix and the name checked to be digits.
    /// </summary>
    protected override string PolicyIs(string policy, string name, SqlParameters p)
    {
        var digits = $"substr({policy}, 8, length({policy}) - {Integer(8 + CodePoints(name))})";
        return $"({policy} = {p.Bind(name)} OR ({policy} GLOB {p.Bind("policy_[0-9]*_" + GlobLiteral(name))} AND {digits} NOT GLOB '*[^0-9]*'))";
    }

    protected override string Contains(string text, string placeholder) => $"{text} LIKE {placeholder} ESCAPE '\\'";

    protected override string ContainsPattern(string fragment) => LikePattern(fragment);

    private static string GlobLiteral(string text)
    {
        var literal = new StringBuilder();
        foreach (var c in text)
        {
            _ = c is '*' or '?' or '[' ? literal.Append('[').Append(c).Append(']') : literal.Append(c);
        }

        return literal.ToString();
    }
}
