using System.Globalization;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>Collects the values of one SQL text as parameters <c>@p0</c>, <c>@p1</c>, … in order.</summary>
internal sealed class SqlParameters
{
    private readonly List<KeyValuePair<string, object>> _values = [];

    public IReadOnlyList<KeyValuePair<string, object>> Values => _values;

    /// <summary>Adds <paramref name="value"/> and returns its placeholder.</summary>
    public string Bind(object value)
    {
        var name = "@p" + _values.Count.ToString(CultureInfo.InvariantCulture);
        _values.Add(new(name, value));
        return name;
    }

    /// <summary>Binds each value and returns the placeholders separated by commas, for <c>IN (…)</c>.</summary>
    public string List(IEnumerable<string> values) => string.Join(", ", values.Select(v => Bind(v)));
}
