using System.Data.Common;
using System.Globalization;

namespace RasaPlatform.Benchmarks.Run.Stores;

/// <summary>Reads result rows whose columns are all numbers, whatever numeric type the engine gives each.</summary>
internal static class NumberRows
{
    /// <summary>Every row of <paramref name="reader"/>, each column converted to a double; NULL as NaN.</summary>
    public static async Task<IReadOnlyList<double[]>> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<double[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new double[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? double.NaN : Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }
}
