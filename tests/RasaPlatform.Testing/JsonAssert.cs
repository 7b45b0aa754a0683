using System.Text.Json;

namespace RasaPlatform.Testing;

/// <summary>JSON-semantic equality: objects as sets of properties, arrays in order, numbers by value.</summary>
public static class JsonAssert
{
    public static void Equal(string expected, string actual)
    {
        using var left = JsonDocument.Parse(expected);
        using var right = JsonDocument.Parse(actual);
        Equal(left.RootElement, right.RootElement);
    }

    public static void Equal(JsonElement expected, JsonElement actual)
    {
        if (!DeepEquals(expected, actual))
        {
            Assert.Fail($"JSON differs.\nExpected: {expected.GetRawText()}\nActual:   {actual.GetRawText()}");
        }
    }

    public static void EqualSequences(IReadOnlyList<JsonElement> expected, IReadOnlyList<string> actual, string context)
    {
        Assert.True(expected.Count == actual.Count, $"{context}: expected {expected.Count} events, stored {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            using var stored = JsonDocument.Parse(actual[i]);
            Assert.True(DeepEquals(expected[i], stored.RootElement), $"{context}: event {i} differs:\n{expected[i].GetRawText()}\n{actual[i]}");
        }
    }

    public static bool DeepEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        return a.ValueKind switch
        {
            JsonValueKind.Object => ObjectsEqual(a, b),
            JsonValueKind.Array => a.GetArrayLength() == b.GetArrayLength()
                && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => DeepEquals(p.First, p.Second)),
            JsonValueKind.Number => NumbersEqual(a, b),
            JsonValueKind.String => a.GetString() == b.GetString(),
            _ => true,
        };
    }

    /// <summary>Property order does not matter; a repeated name (real Rasa events have them) must repeat alike.</summary>
    private static bool ObjectsEqual(JsonElement a, JsonElement b)
    {
        var left = a.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var right = b.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        return left.Count == right.Count
            && left.Zip(right).All(p => p.First.Name == p.Second.Name && DeepEquals(p.First.Value, p.Second.Value));
    }

    private static bool NumbersEqual(JsonElement a, JsonElement b) =>
        a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x == y : a.GetDouble().Equals(b.GetDouble());
}
