namespace RasaPlatform.Benchmarks.Generation;

/// <summary>Items with relative weights, drawn in <c>O(log n)</c> by a binary search over cumulative weights.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;

    /// <summary>Builds the table; weights must be non-negative with a positive sum.</summary>
    public WeightedTable(IEnumerable<(T Item, double Weight)> entries)
    {
        var list = entries.ToList();
        _items = list.Select(e => e.Item).ToArray();
        _cumulative = new double[list.Count];
        var sum = 0.0;
        for (var i = 0; i < list.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(list[i].Weight);
            sum += list[i].Weight;
            _cumulative[i] = sum;
        }

        if (sum <= 0)
        {
            throw new ArgumentException("The weights must have a positive sum.", nameof(entries));
        }
    }

    /// <summary>The items, in the order given.</summary>
    public IReadOnlyList<T> Items => _items;

    /// <summary>Draws one item with probability proportional to its weight.</summary>
    public T Pick(Pcg32 random) => _items[PickIndex(random)];

    /// <summary>Draws the index of one item with probability proportional to its weight.</summary>
    public int PickIndex(Pcg32 random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, _items.Length - 1);
    }
}
