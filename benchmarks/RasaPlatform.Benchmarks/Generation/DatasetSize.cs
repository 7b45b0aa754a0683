using System.Globalization;

namespace RasaPlatform.Benchmarks.Generation;

/// <summary>The <c>--size</c> argument: <c>S</c>, <c>M</c>, <c>L</c> or a number of conversations.</summary>
public static class DatasetSize
{
    /// <summary>10,000 conversations (about 200,000 events).</summary>
    public const long Small = 10_000;

    /// <summary>100,000 conversations (about 2 million events).</summary>
    public const long Medium = 100_000;

    /// <summary>1,000,000 conversations (about 20 million events).</summary>
    public const long Large = 1_000_000;

    /// <summary>Reads a size name (case-insensitive) or a positive integer.</summary>
    /// <returns>False when <paramref name="text"/> is neither.</returns>
    public static bool TryParse(string text, out long conversations)
    {
        conversations = text.ToUpperInvariant() switch
        {
            "S" => Small,
            "M" => Medium,
            "L" => Large,
            _ => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= uint.MaxValue ? n : 0,
        };
        return conversations > 0;
    }
}
