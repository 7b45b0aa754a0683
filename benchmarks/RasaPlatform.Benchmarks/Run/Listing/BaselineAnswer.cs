namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>What the baseline SQL answered for one listing query, and how long it took.</summary>
/// <param name="Total">Conversations matching before paging.</param>
/// <param name="SenderIds">The page, in the listing's order.</param>
/// <param name="Milliseconds">The time of each run.</param>
internal sealed record BaselineAnswer(long Total, IReadOnlyList<string> SenderIds, IReadOnlyList<double> Milliseconds)
{
    /// <summary>The median run time in milliseconds.</summary>
    public double MedianMilliseconds
    {
        get
        {
            var sorted = Milliseconds.Order().ToList();
            return sorted.Count == 0 ? double.NaN
                : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
                : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    /// <summary>
    /// How the Api's answer differs from this one, in words; null when they agree. The Api must give the same total,
    /// the same page in the same order, and <c>next_offset</c> exactly when more pages remain.
    /// </summary>
    public string? Disagreement(ListingQuery query, ListingPage api)
    {
        var problems = new List<string>();
        if (api.Total != Total)
        {
            problems.Add($"X-Total-Count {api.Total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, SQL total {Total}");
        }

        if (!api.SenderIds.SequenceEqual(SenderIds, StringComparer.Ordinal))
        {
            var first = Enumerable.Range(0, Math.Max(api.SenderIds.Count, SenderIds.Count))
                .First(i => i >= api.SenderIds.Count || i >= SenderIds.Count || api.SenderIds[i] != SenderIds[i]);
            problems.Add($"pages differ from position {first} (Api {api.SenderIds.Count} rows: {Around(api.SenderIds, first)}; SQL {SenderIds.Count} rows: {Around(SenderIds, first)})");
        }

        var more = query.Offset + api.SenderIds.Count < Total;
        var expectedNext = more ? query.Offset + api.SenderIds.Count : (long?)null;
        if (api.NextOffset != expectedNext)
        {
            problems.Add($"next_offset {api.NextOffset?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, expected {expectedNext?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string Around(IReadOnlyList<string> senders, int index) =>
        index < senders.Count ? string.Join(", ", senders.Skip(index).Take(3)) : "(end)";
}
