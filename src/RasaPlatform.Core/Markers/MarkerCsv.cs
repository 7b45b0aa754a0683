using System.Globalization;

namespace RasaPlatform.Core.Markers;

/// <summary>
/// The CSV files of <c>rasa evaluate markers</c>, row for row (REFERENCE.md §7): the extracted markers, and the
/// overall and per-session statistics, with Rasa's headers, row order and number formatting, so that scripts written
/// for Rasa's files read these unchanged. Fields are quoted as RFC 4180 (and Python's csv module) quote them.
/// </summary>
public static class MarkerCsv
{
    /// <summary>The extracted-markers file's header.</summary>
    public const string ExtractedHeader = "sender_id,session_idx,marker,event_idx,num_preceding_user_turns";

    /// <summary>Both statistics files' header.</summary>
    public const string StatisticsHeader = "sender_id,session_idx,marker,statistic,value";

    /// <summary>The five statistics, in the order the overall file lists them.</summary>
    public static readonly IReadOnlyList<string> OverallOrder = ["count", "mean", "median", "min", "max"];

    /// <summary>The five statistics, in the order the per-session file lists them (alphabetical).</summary>
    public static readonly IReadOnlyList<string> PerSessionOrder = ["count", "max", "mean", "median", "min"];

    /// <summary>The rows of one session's applications: by marker in configuration order, then by event.</summary>
    public static IEnumerable<string> ExtractedRows(
        string senderId,
        int sessionIndex,
        IEnumerable<(string Marker, int EventIndex, int Turns)> applications,
        IReadOnlyDictionary<string, int> configurationOrder)
    {
        ArgumentNullException.ThrowIfNull(applications);
        ArgumentNullException.ThrowIfNull(configurationOrder);
        return applications
            .OrderBy(a => configurationOrder.GetValueOrDefault(a.Marker, int.MaxValue))
            .ThenBy(a => a.EventIndex)
            .Select(a => Row(senderId, Whole(sessionIndex), a.Marker, Whole(a.EventIndex), Whole(a.Turns)));
    }

    /// <summary>The overall file's rows after its header.</summary>
    public static IEnumerable<string> OverallRows(long totalSessions, IReadOnlyList<MarkerSummary> markers)
    {
        ArgumentNullException.ThrowIfNull(markers);
        yield return Row("all", "nan", "-", "total_number_of_sessions", Whole(totalSessions));
        foreach (var marker in markers)
        {
            yield return Row("all", "nan", marker.Marker, "number_of_sessions_where_marker_applied_at_least_once", Whole(marker.Sessions));
            yield return Row("all", "nan", marker.Marker, "percentage_of_sessions_where_marker_applied_at_least_once", Decimal3(marker.Percentage));
        }

        foreach (var marker in markers)
        {
            foreach (var statistic in OverallOrder)
            {
                yield return Row("all", "nan", marker.Marker, Statistic(statistic), Value(marker.Turns, statistic));
            }
        }
    }

    /// <summary>The per-session file's rows of one marker and statistic, for the sessions given in order.</summary>
    public static string PerSessionRow(string senderId, int sessionIndex, string marker, string statistic, TurnStatistics turns) =>
        Row(senderId, Whole(sessionIndex), marker, Statistic(statistic), Value(turns, statistic));

    /// <summary>A statistic's value as Rasa writes it: the count, minimum and maximum as integers, the rest as floats, none as <c>nan</c>.</summary>
    public static string Value(TurnStatistics turns, string statistic)
    {
        ArgumentNullException.ThrowIfNull(turns);
        return statistic switch
        {
            "count" => Whole(turns.Count),
            "mean" => Decimal3(turns.Mean),
            "median" => Decimal3(turns.Median),
            "min" => turns.Minimum is { } min ? Whole(min) : "nan",
            "max" => turns.Maximum is { } max ? Whole(max) : "nan",
            _ => throw new ArgumentOutOfRangeException(nameof(statistic), statistic, null),
        };
    }

    /// <summary>A float as Rasa prints one: rounded to 3 decimals, ties to even, the shortest way, <c>.0</c> when whole (<c>33.333</c>, <c>100.0</c>).</summary>
    public static string Decimal3(double? value)
    {
        if (value is not { } number || double.IsNaN(number))
        {
            return "nan";
        }

        var text = Math.Round(number, 3, MidpointRounding.ToEven).ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static string Statistic(string name) => $"{name}(number of preceding user turns)";

    private static string Whole(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One CSV line: fields holding a comma, a quote or a line break quoted, quotes doubled.</summary>
    private static string Row(params string[] fields) => string.Join(',', fields.Select(Csv.CsvRows.Field));
}
