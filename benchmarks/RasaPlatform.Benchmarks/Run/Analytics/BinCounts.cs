using System.Globalization;
using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Analytics;

/// <summary>Per-bin counts of one analytics answer, from the service or from the baseline SQL.</summary>
/// <param name="BinStarts">Each bin's start, Unix seconds.</param>
/// <param name="UserMessages">User messages per bin.</param>
/// <param name="BotMessages">Bot messages per bin.</param>
/// <param name="Conversations">The service: its <c>conversations</c>; the baseline: distinct senders with a message.</param>
/// <param name="Sessions">The service: sessions per user × conversations; the baseline: <c>session_started</c> events.</param>
internal sealed record BinCounts(
    IReadOnlyList<double> BinStarts,
    IReadOnlyList<long> UserMessages,
    IReadOnlyList<long> BotMessages,
    IReadOnlyList<long> Conversations,
    IReadOnlyList<double> Sessions)
{
    /// <summary>Reads the service's <c>AnalyticsResult</c> JSON.</summary>
    /// <exception cref="KeyNotFoundException">A list is missing.</exception>
    public static BinCounts FromService(JsonElement result)
    {
        var conversations = Longs(result, "conversations");
        var perUser = Numbers(result, "sessions_per_user");
        return new BinCounts(
            Numbers(result, "bin_starts"),
            Longs(result, "user_messages"),
            Longs(result, "bot_messages"),
            conversations,
            [.. perUser.Select((s, i) => i < conversations.Count ? Math.Round(s * conversations[i]) : double.NaN)]);
    }

    /// <summary>
    /// The baseline's answer from the rows of <see cref="AnalyticsSql.Bins"/> (bin index, user, bot, senders,
    /// session starts), over the bins starting at <paramref name="edges"/> (all but the last edge).
    /// </summary>
    /// <exception cref="InvalidOperationException">A row's bin is outside the range.</exception>
    public static BinCounts FromSql(IReadOnlyList<double[]> rows, IReadOnlyList<NodaTime.Instant> edges)
    {
        var count = edges.Count - 1;
        long[] user = new long[count], bot = new long[count], senders = new long[count];
        var sessions = new double[count];
        foreach (var row in rows)
        {
            var bin = (int)row[0];
            if (bin < 0 || bin >= count || bin != row[0])
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The baseline answered bin {row[0]} of {count}."));
            }

            (user[bin], bot[bin], senders[bin], sessions[bin]) = ((long)row[1], (long)row[2], (long)row[3], row[4]);
        }

        return new BinCounts([.. edges.Take(count).Select(e => (double)e.ToUnixTimeSeconds())], user, bot, senders, sessions);
    }

    /// <summary>
    /// How the service's answer (this) differs from the baseline's where their definitions agree, in words; null when
    /// they agree: the same bins with the same starts, the same user and bot messages in every bin, and in every bin at
    /// least as many conversations as the baseline's senders with a message.
    /// </summary>
    public string? Disagreement(BinCounts baseline)
    {
        if (BinStarts.Count != baseline.BinStarts.Count)
        {
            return Say($"{BinStarts.Count} bins, SQL {baseline.BinStarts.Count}");
        }

        var problems = new List<string>();
        Compare(problems, "bin_starts", BinStarts, baseline.BinStarts, (a, b) => a == b);
        Compare(problems, "user_messages", UserMessages, baseline.UserMessages, (a, b) => a == b);
        Compare(problems, "bot_messages", BotMessages, baseline.BotMessages, (a, b) => a == b);
        Compare(problems, "conversations (at least the senders with a message)", Conversations, baseline.Conversations, (a, b) => a >= b);
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static void Compare<T>(List<string> problems, string name, IReadOnlyList<T> ours, IReadOnlyList<T> sql, Func<T, T, bool> agree)
    {
        var bad = Enumerable.Range(0, Math.Min(ours.Count, sql.Count)).Where(i => !agree(ours[i], sql[i])).ToList();
        if (ours.Count != sql.Count)
        {
            problems.Add(Say($"{name} has {ours.Count} values for {sql.Count} bins"));
        }
        else if (bad.Count > 0)
        {
            var first = bad[0];
            problems.Add(Say($"{name} differs in {bad.Count} bins, first bin {first}: {ours[first]}, SQL {sql[first]}"));
        }
    }

    private static List<double> Numbers(JsonElement result, string name) =>
        [.. result.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    private static List<long> Longs(JsonElement result, string name) =>
        [.. result.GetProperty(name).EnumerateArray().Select(v => (long)v.GetDouble())];

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
