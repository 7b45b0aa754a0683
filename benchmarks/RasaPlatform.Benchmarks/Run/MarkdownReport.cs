using System.Globalization;
using System.Text;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>
/// The results as Markdown: a header naming when, where, what and how, the table, the steps' own sections (tables of
/// their own, e.g. the hostile requests per operation), and the raw numbers.
/// </summary>
internal static class MarkdownReport
{
    public static string Build(IReadOnlyList<string> header, IReadOnlyList<ResultRow> rows, IReadOnlyList<string> sections, IReadOnlyList<KeyValuePair<string, string>> raw)
    {
        var text = new StringBuilder();
        foreach (var line in header)
        {
            text.AppendLine(line);
        }

        // DuckDB's columns only when some row has DuckDB's times, so that other reports keep their table.
        var duck = rows.Any(r => r.DuckDb is not null);
        text.AppendLine()
            .AppendLine(duck
                ? "| what | value | unit | baseline | ratio | DuckDB p50 / p95 | ours ÷ DuckDB | vs /version | target | met? |"
                : "| what | value | unit | baseline | ratio | vs /version | target | met? |")
            .AppendLine(duck ? "|---|---:|---|---:|---:|---:|---:|---:|---|---|" : "|---|---:|---|---:|---:|---:|---|---|");
        foreach (var row in rows)
        {
            var duckCells = !duck ? ""
                : row.DuckDb is { } d ? $" {Number(d.P50)} / {Number(d.P95)} | {Ratio(d.Ratio(row.Value))} |"
                : "  |  |";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.What} | {Number(row.Value)} | {row.Unit} | {Number(row.Baseline)} | {Ratio(row.Ratio)} |{duckCells} {Ratio(row.VersusFloor)} | {row.Target} | {Met(row.Met)} |");
        }

        foreach (var section in sections)
        {
            text.AppendLine().Append(section.TrimEnd()).AppendLine();
        }

        text.AppendLine().AppendLine("<details><summary>raw numbers</summary>").AppendLine().AppendLine("```");
        foreach (var (key, value) in raw)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{key}={value}");
        }

        return text.AppendLine("```").AppendLine().AppendLine("</details>").ToString();
    }

    /// <summary>Thousands separated above 1,000; one decimal from 10; two below.</summary>
    public static string Number(double? value) => value switch
    {
        null => "",
        double.NaN => "?",
        >= 1000 or <= -1000 => value.Value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 or <= -10 => value.Value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("F2", CultureInfo.InvariantCulture),
    };

    private static string Ratio(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("F2", CultureInfo.InvariantCulture) + "×" : "";

    private static string Met(bool? met) => met switch { true => "yes", false => "**no**", null => "" };
}
