using System.Globalization;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>A SQL text and the values of its <c>@pN</c> parameters.</summary>
internal sealed record SqlText(string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters)
{
    /// <summary>The SQL with its parameter values after it, for a log line.</summary>
    public override string ToString() =>
        Sql + Environment.NewLine + "-- " + string.Join(", ", Parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} = {p.Value}")));
}
