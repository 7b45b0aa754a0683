namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>
/// Picks filter values from what the data holds, so that every query has matches but not all conversations: names
/// by their share of conversations, bounds by quantiles, text fragments by how many conversations contain them.
/// </summary>
/// <remarks>Deterministic: ties go to the ordinally first name. Shares are fractions of the conversations read.</remarks>
internal static class ListingValues
{
    /// <summary>The name in most conversations; null when there is none.</summary>
    public static string? MostCommon(IReadOnlyDictionary<string, int> counts) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).FirstOrDefault();

    /// <summary>The name in fewest conversations, among those in at least <paramref name="minimumShare"/> of them.</summary>
    public static string? Rarest(IReadOnlyDictionary<string, int> counts, int conversations, double minimumShare) =>
        counts.Where(c => c.Value >= minimumShare * conversations)
            .OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key).FirstOrDefault();

    /// <summary>The name whose share of conversations is closest to <paramref name="share"/>.</summary>
    public static string? NearShare(IReadOnlyDictionary<string, int> counts, int conversations, double share) =>
        counts.OrderBy(c => Math.Abs(((double)c.Value / conversations) - share)).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key).FirstOrDefault();

    /// <summary>
    /// A bound that about <paramref name="share"/> of <paramref name="values"/> meet: <c>v ≤ bound</c> when
    /// <paramref name="upper"/>, else <c>v ≥ bound</c>. It lies strictly between two values of the data, never on one,
    /// so that an engine reading a value one ulp off cannot change the answer; it is the shortest decimal there.
    /// </summary>
    /// <returns>Null when there are no values.</returns>
    public static double? Bound(IReadOnlyList<double> values, double share, bool upper)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = upper ? values.Order().ToList() : values.OrderDescending().ToList();
        var rank = Math.Clamp((int)Math.Ceiling(share * sorted.Count), 1, sorted.Count);
        var inside = sorted[rank - 1];
        var outside = sorted.Skip(rank).Where(v => v != inside).Select(v => (double?)v).FirstOrDefault()
            ?? inside + (upper ? 1e-3 : -1e-3);
        return ShortestBetween(inside, outside);
    }

    /// <summary>A count that about <paramref name="share"/> of <paramref name="values"/> reach or exceed (at least 1).</summary>
    public static int? AtLeast(IReadOnlyList<int> values, double share)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.OrderDescending().ToList();
        return Math.Max(1, sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count), 1, sorted.Count) - 1]);
    }

    /// <summary>Whole Unix seconds <c>[start, until]</c> around the median time holding about <paramref name="share"/> of the times.</summary>
    public static (long Start, long Until)? Window(IReadOnlyList<double> times, double share)
    {
        if (times.Count == 0)
        {
            return null;
        }

        var sorted = times.Order().ToList();
        var first = Math.Clamp((int)Math.Floor(sorted.Count * (0.5 - (share / 2))), 0, sorted.Count - 1);
        var last = Math.Clamp((int)Math.Ceiling(sorted.Count * (0.5 + (share / 2))) - 1, first, sorted.Count - 1);
        return ((long)Math.Floor(sorted[first]), (long)Math.Ceiling(sorted[last]));
    }

    /// <summary>
    /// The run of exactly <paramref name="length"/> ASCII letters (in lower-cased texts) whose share of texts holding it
    /// is closest to <paramref name="share"/>. ASCII letters only, so every engine's case folding agrees.
    /// </summary>
    public static string? Fragment(IReadOnlyList<string> texts, int length, double share) =>
        Nearest(CountPerText(texts, text => Runs(text).Where(r => r.Length >= length)
            .SelectMany(r => Enumerable.Range(0, r.Length - length + 1).Select(i => r.Substring(i, length)))), texts.Count, share);

    /// <summary>The whole word of at least <paramref name="minimumLength"/> ASCII letters whose share of texts holding it is closest to <paramref name="share"/>.</summary>
    public static string? Word(IReadOnlyList<string> texts, int minimumLength, double share) =>
        Nearest(CountPerText(texts, text => Runs(text).Where(r => r.Length >= minimumLength)), texts.Count, share);

    private static Dictionary<string, int> CountPerText(IReadOnlyList<string> texts, Func<string, IEnumerable<string>> candidates)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var candidate in candidates(text).Distinct(StringComparer.Ordinal))
            {
                counts[candidate] = counts.GetValueOrDefault(candidate) + 1;
            }
        }

        return counts;
    }

    private static string? Nearest(Dictionary<string, int> counts, int texts, double share) =>
        texts == 0 ? null : NearShare(counts, texts, share);

    /// <summary>The maximal runs of <c>a</c>–<c>z</c> in <paramref name="text"/>.</summary>
    private static IEnumerable<string> Runs(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsAsciiLetterLower(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    /// <summary>The decimal with fewest digits strictly between <paramref name="a"/> and <paramref name="b"/>.</summary>
    private static double ShortestBetween(double a, double b)
    {
        var (low, high) = a < b ? (a, b) : (b, a);
        for (var digits = 0; digits <= 15; digits++)
        {
            var candidate = Math.Round((low + high) / 2, digits, MidpointRounding.AwayFromZero);
            if (candidate > low && candidate < high)
            {
                return candidate;
            }
        }

        return (low + high) / 2;
    }
}
