using System.Globalization;

namespace RasaPlatform.Core.Csv;

/// <summary>
/// CSV rows as RFC 4180 writes them: fields separated by commas, a field holding a comma, a quote, a CR or an LF
/// quoted with its quotes doubled. <see cref="Field"/> is that rule alone (Rasa's marker files, for scripts);
/// <see cref="Row"/> writes the files an analyst opens in a spreadsheet, whose text cells must not run as formulas.
/// </summary>
public static class CsvRows
{
    /// <summary>The media type of every CSV answer.</summary>
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>The characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list).</summary>
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>A field as RFC 4180 writes it, quoted only when it must be.</summary>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>
    /// A row for a spreadsheet: text cells that start like a formula get a leading <c>'</c>; numbers in invariant
    /// culture (doubles round-trip), booleans as <c>true</c>/<c>false</c>, null as an empty cell.
    /// </summary>
    public static string Row(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return string.Join(',', cells.Select(Cell));
    }

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        string text => Field(text.Length > 0 && FormulaStarts.Contains(text[0]) ? "'" + text : text),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Cell(value.ToString()),
    };
}
