using System.Text;
using RasaPlatform.Benchmarks.Run.DuckDb;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>
/// The listing's questions on DuckDB's flattened copy of the events (<see cref="DuckDbEvents"/>): columns where Rasa's
/// table has JSON, a list of entity names, <c>arg_max</c> for a conversation's latest value, a regular expression for
/// policy prefixes, <c>ILIKE</c> for text.
/// </summary>
internal sealed class DuckDbBaselineSql : BaselineSql
{
    protected override string DistinctEntities => "SELECT DISTINCT unnest(entities) FROM events WHERE type_name = 'user'";

    /// <summary>The last user event's channel by <c>id</c>, NULL kept (<c>arg_max_null</c>) as the subquery would.</summary>
    protected override string LatestInputChannel => "arg_max_null(e.input_channel, e.id) FILTER (WHERE e.type_name = 'user')";

    protected override string LatestAssistant => "arg_max(e.assistant_id, e.id) FILTER (WHERE e.assistant_id <> '')";

    protected override string JsonText(string data, string path) => DuckDbEvents.Column(data, path);

    protected override string JsonNumber(string data, string path) => DuckDbEvents.Column(data, path);

    protected override string HasEntity(string data, IReadOnlyList<string> placeholders) =>
        $"list_has_any({DuckDbEvents.Column(data, "parse_data.entities")}, [{string.Join(", ", placeholders)}])";

    /// <summary>Equal, or the whole name matching <c>policy_[0-9]+_name</c> with the name's punctuation escaped (RE2).</summary>
    protected override string PolicyIs(string policy, string name, SqlParameters p) =>
        $"({policy} = {p.Bind(name)} OR regexp_full_match({policy}, {p.Bind("policy_[0-9]+_" + RegexLiteral(name))}))";

    protected override string Contains(string text, string placeholder) => $"{text} ILIKE {placeholder} ESCAPE '\\'";

    protected override string ContainsPattern(string fragment) => LikePattern(fragment);

    /// <summary>A backslash before every ASCII character but letters, digits and <c>_</c> makes it literal in RE2.</summary>
    private static string RegexLiteral(string text)
    {
        var literal = new StringBuilder();
        foreach (var c in text)
        {
            _ = char.IsAscii(c) && !char.IsAsciiLetterOrDigit(c) && c != '_' ? literal.Append('\\').Append(c) : literal.Append(c);
        }

        return literal.ToString();
    }
}
