using System.Text.Json;

namespace RasaPlatform.Core.Tests;

/// <summary>JSON-semantic equality: same structure, same strings, numbers equal by value, object member order ignored.</summary>
/// <remarks>A member name given twice means its last value, as Python's json reads it (real Rasa dumps do this).</remarks>
public static class JsonAssert
{
    public static void Equal(string expected, string actual) =>
        Equal(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual).RootElement);

    public static void Equal(JsonElement expected, JsonElement actual)
    {
        if (!DeepEquals(expected, actual))
        {
            Assert.Fail($"JSON differs.\nExpected: {expected.GetRawText()}\nActual:   {actual.GetRawText()}");
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
            JsonValueKind.Number => a.GetDouble().Equals(b.GetDouble()),
            JsonValueKind.String => a.GetString() == b.GetString(),
            _ => true,
        };
    }

    private static bool ObjectsEqual(JsonElement a, JsonElement b)
    {
        var left = a.EnumerateObject().GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().Value);
        var right = b.EnumerateObject().GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().Value);
        return left.Count == right.Count
            && left.All(p => right.TryGetValue(p.Key, out var other) && DeepEquals(p.Value, other));
    }
}
