using System.Globalization;
using System.Text;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>
/// The listing's questions asked directly of Rasa's SQLTrackerStore <c>events</c> table, as a Rasa X-style query
/// would: per-row conditions as semi-joins on <c>sender_id</c>, per-conversation values as aggregates over the events
/// grouped by <c>sender_id</c>, JSON read from the <c>data</c> column. The shared SQL lives here; each engine's
/// subclass says how it reads JSON and matches text and policy names.
/// </summary>
/// <remarks>
/// <para>
/// The answer is every matching <c>sender_id</c> of the page, in the listing's order, with the total count before
/// paging in a second column (a window count, so one query gives both). The order is the listing's: most recent
/// <c>latest_event_time</c> first, or with <c>in_training_data=false</c> the highest minimum action confidence first
/// (no confidence last), then most recent; remaining ties by the conversation's first event, latest first, which is
/// the service's order of first storage when both were loaded from the same file.
/// </para>
/// <para>
/// Every event counts, as in the listing's metadata; <c>is_flagged</c> reads a table <c>flags(sender_id, timestamp)</c>
/// that the run fills with the messages it flags.
/// </para>
/// </remarks>
internal abstract class BaselineSql
{
    /// <summary>The assistant of conversations whose events name none, as the service is configured by default.</summary>
    public static readonly string DefaultAssistant = new Core.Assistants.AssistantOptions().Default;

    private const string LatestUserEventTime = "MAX(CASE WHEN e.type_name = 'user' THEN e.timestamp END)";
    private const string UserMessages = "SUM(CASE WHEN e.type_name = 'user' THEN 1 ELSE 0 END)";

    /// <summary>The distinct-name lists the Api serves, by its path.</summary>
    public IReadOnlyList<(string Path, SqlText Sql, bool PlainPolicies)> DistinctNames() =>
    [
        ("conversationIntents", Text("SELECT DISTINCT intent_name FROM events WHERE type_name = 'user' AND intent_name <> ''"), false),
        ("conversationEntities", Text(DistinctEntities), false),
        ("conversationActions", Text("SELECT DISTINCT action_name FROM events WHERE type_name = 'action' AND action_name <> ''"), false),
        ("conversationPolicies", Text($"SELECT DISTINCT {JsonText("data", "policy")} FROM events WHERE type_name = 'action'"), true),
        ("conversationInputChannels", Text($"SELECT DISTINCT {JsonText("data", "input_channel")} FROM events WHERE type_name = 'user'"), false),
    ];

    /// <summary>
    /// The page of <paramref name="query"/>: rows of <c>sender_id</c> and the total; with <paramref name="countOnly"/>,
    /// one row of the total alone (for a page past the end, which has no row to carry it).
    /// </summary>
    public SqlText Listing(ListingQuery query, bool countOnly = false)
    {
        var p = new SqlParameters();
        var where = Conditions(query, p);
        var having = AggregateConditions(query, p);
        var minimumActionConfidence = $"MIN(CASE WHEN e.type_name = 'action' THEN {JsonNumber("e.data", "confidence")} END)";
        var columns = "MIN(e.id) AS first_id, MAX(e.timestamp) AS latest_event_time"
            + (query.SortsByConfidence ? $", {minimumActionConfidence} AS minimum_action_confidence" : "");
        var matched = new StringBuilder()
            .Append("WITH matched AS (\n    SELECT e.sender_id, ").Append(columns).Append("\n    FROM events e")
            .Append(where.Count == 0 ? "" : "\n    WHERE " + string.Join("\n      AND ", where))
            .Append("\n    GROUP BY e.sender_id")
            .Append(having.Count == 0 ? "" : "\n    HAVING " + string.Join("\n       AND ", having))
            .Append("\n)\n");
        if (countOnly)
        {
            return new SqlText(matched.Append("SELECT '', COUNT(*) FROM matched").ToString(), p.Values);
        }

        var order = query.SortsByConfidence
            ? "m.minimum_action_confidence DESC NULLS LAST, m.latest_event_time DESC, m.first_id DESC"
            : "m.latest_event_time DESC, m.first_id DESC";
        matched.Append("SELECT m.sender_id, COUNT(*) OVER () AS total\nFROM matched m\nORDER BY ").Append(order)
            .Append("\nLIMIT ").Append(p.Bind(query.Limit)).Append(" OFFSET ").Append(p.Bind(query.Offset));
        return new SqlText(matched.ToString(), p.Values);
    }

    /// <summary>The JSON string or number at the dotted <paramref name="path"/> of the column <paramref name="data"/>.</summary>
    protected abstract string JsonText(string data, string path);

    /// <summary>The JSON number at <paramref name="path"/> as a double (NULL when absent or null).</summary>
    protected abstract string JsonNumber(string data, string path);

    /// <summary>Whether the user event's <c>parse_data.entities</c> has an entity named by one of <paramref name="placeholders"/>.</summary>
    protected abstract string HasEntity(string data, IReadOnlyList<string> placeholders);

    /// <summary>Whether the raw policy <paramref name="policy"/> is <paramref name="name"/>, with or without <c>policy_N_</c>.</summary>
    protected abstract string PolicyIs(string policy, string name, SqlParameters p);

    /// <summary>Whether <paramref name="text"/> contains the fragment bound as <paramref name="placeholder"/>, case-insensitively.</summary>
    protected abstract string Contains(string text, string placeholder);

    /// <summary>The value bound for <see cref="Contains"/>: the fragment as a pattern, its wildcards made literal.</summary>
    protected abstract string ContainsPattern(string fragment);

    /// <summary>Distinct entity names of user events' <c>parse_data.entities</c>.</summary>
    protected abstract string DistinctEntities { get; }

    /// <summary><c>%fragment%</c> for LIKE with <c>ESCAPE '\'</c>: <c>%</c>, <c>_</c> and <c>\</c> made literal.</summary>
    protected static string LikePattern(string fragment)
    {
        var pattern = new StringBuilder("%");
        foreach (var c in fragment)
        {
            _ = c is '%' or '_' or '\\' ? pattern.Append('\\').Append(c) : pattern.Append(c);
        }

        return pattern.Append('%').ToString();
    }

    private static SqlText Text(string sql) => new(sql, []);

    /// <summary>Per-event conditions, each a semi-join on the conversations holding such an event.</summary>
    private List<string> Conditions(ListingQuery q, SqlParameters p)
    {
        var where = new List<string>();

        void SemiJoin(string type, string condition) =>
            where.Add($"e.sender_id IN (SELECT sender_id FROM events WHERE type_name = '{type}' AND {condition})");

        if (q.Intents.Count > 0)
        {
            SemiJoin("user", $"intent_name IN ({p.List(q.Intents)})");
        }

        if (q.Entities.Count > 0)
        {
            SemiJoin("user", HasEntity("data", q.Entities.Select(n => p.Bind(n)).ToList()));
        }

        if (q.Actions.Count > 0)
        {
            SemiJoin("action", $"action_name IN ({p.List(q.Actions)})");
        }

        if (q.Policies.Count > 0)
        {
            SemiJoin("action", "(" + string.Join(" OR ", q.Policies.Select(n => PolicyIs(JsonText("data", "policy"), n, p))) + ")");
        }

        if (q.Text is { Length: > 0 } text)
        {
            SemiJoin("user", Contains(JsonText("data", "text"), p.Bind(ContainsPattern(text))));
        }

        if (q.OnlyFlagged)
        {
            where.Add("e.sender_id IN (SELECT sender_id FROM flags)");
        }

        return where;
    }

    /// <summary>Conditions on a conversation's aggregates: times, counts, minimum confidences, training data, channel, assistant.</summary>
    private List<string> AggregateConditions(ListingQuery q, SqlParameters p)
    {
        var having = new List<string>();

        void Compare(string aggregate, string op, object? value)
        {
            if (value is not null)
            {
                having.Add($"{aggregate} {op} {p.Bind(value)}");
            }
        }

        var minimumAction = $"MIN(CASE WHEN e.type_name = 'action' THEN {JsonNumber("e.data", "confidence")} END)";
        var minimumIntent = $"MIN(CASE WHEN e.type_name = 'user' THEN {JsonNumber("e.data", "parse_data.intent.confidence")} END)";
        Compare(LatestUserEventTime, ">=", (double?)q.Start);
        Compare(LatestUserEventTime, "<=", (double?)q.Until);
        Compare(UserMessages, ">=", q.MinimumUserMessages);
        Compare(minimumAction, "<=", q.MaximumConfidence);
        Compare(minimumAction, ">=", q.MinimumConfidence);
        Compare(minimumIntent, ">=", q.MinimumNluConfidence);
        Compare(minimumIntent, "<=", q.MaximumNluConfidence);
        if (q.InTrainingData is { } inTrainingData)
        {
            var policy = JsonText("e.data", "policy");
            var leaves = $"{policy} <> '' AND NOT ({PolicyIs(policy, "MemoizationPolicy", p)} OR {PolicyIs(policy, "AugmentedMemoizationPolicy", p)})";
            having.Add($"MAX(CASE WHEN e.type_name = 'action' AND {leaves} THEN 1 ELSE 0 END) = {(inTrainingData ? 0 : 1)}");
        }

        if (q.InputChannels.Count > 0)
        {
            having.Add($"{LatestInputChannel} IN ({p.List(q.InputChannels)})");
        }

        if (q.Assistants.Count > 0)
        {
            // The assistant: that of the conversation's last event naming one, else the default.
            having.Add($"COALESCE({LatestAssistant}, {p.Bind(DefaultAssistant)}) IN ({p.List(q.Assistants)})");
        }

        return having;
    }

    /// <summary>
    /// The conversation's latest input channel, as an aggregate of the events <c>e</c> grouped by <c>sender_id</c>:
    /// that of its last user event in arrival order (NULL when that event names none).
    /// </summary>
    /// <remarks>A correlated subquery on Rasa's table, which has no "value at the greatest id" aggregate in SQLite.</remarks>
    protected virtual string LatestInputChannel =>
        $"(SELECT {JsonText("u.data", "input_channel")} FROM events u WHERE u.sender_id = e.sender_id AND u.type_name = 'user' ORDER BY u.id DESC LIMIT 1)";

    /// <summary>
    /// <c>metadata.assistant_id</c> of the conversation's last event (in arrival order) naming a non-empty one, as an
    /// aggregate of the events <c>e</c> grouped by <c>sender_id</c>; NULL when none does.
    /// </summary>
    protected virtual string LatestAssistant
    {
        get
        {
            var assistant = JsonText("u.data", "metadata.assistant_id");
            return $"(SELECT {assistant} FROM events u WHERE u.sender_id = e.sender_id AND {assistant} <> '' ORDER BY u.id DESC LIMIT 1)";
        }
    }

    /// <summary>The characters of <paramref name="name"/> as the engines count them (Unicode code points).</summary>
    protected static int CodePoints(string name) => name.EnumerateRunes().Count();

    /// <summary>Invariant digits.</summary>
    protected static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);
}
