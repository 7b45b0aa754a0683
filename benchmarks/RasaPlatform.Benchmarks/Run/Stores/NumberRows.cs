using System.Data.Common;
using System.Globalization;
using System.Numerics;

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
                row[i] = reader.IsDBNull(i) ? double.NaN : Number(reader.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A numeric value as a double: DuckDB gives a <c>SUM</c> of integers as a 128-bit <see cref="BigInteger"/>.</summary>
    public static double Number(object value) =>
        value is BigInteger big ? (double)big : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
