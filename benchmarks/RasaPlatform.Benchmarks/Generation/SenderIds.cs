using System.Globalization;

namespace RasaPlatform.Benchmarks.Generation;

/// <summary>Conversation ids in each channel's own spelling, unique per conversation index by construction.</summary>
/// <remarks>
/// The unique part is a bijective mix of the conversation index (so two conversations never share an id, which
/// would merge them); the seed only permutes which id goes to which index. Random ids would collide: 10-digit
/// Telegram ids drawn at random for 100,000 conversations would repeat about once.
/// </remarks>
public static class SenderIds
{
    private const string SlackAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWX";

    /// <summary>The id of conversation <paramref name="index"/> (below 2^32) in <paramref name="style"/>.</summary>
    public static string Create(SenderIdStyle style, uint index, ulong seed, Pcg32 random) => style switch
    {
        SenderIdStyle.Hex => Hex(index, seed, random),
        SenderIdStyle.Uuid => Uuid(Hex(index, seed, random)),
        SenderIdStyle.Slack => "U" + Slack(Mix48(index ^ (seed & 0xFFFF_FFFF))),
        SenderIdStyle.Facebook => (1_000_000_000_000_000UL + Mix48(index ^ (seed & 0xFFFF_FFFF))).ToString(CultureInfo.InvariantCulture),
        SenderIdStyle.Telegram => (1_000_000_000UL + Mix32(index ^ (uint)seed)).ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(style)),
    };

    /// <summary>32 hex digits: the first 16 unique per index, the rest random, like a <c>uuid4().hex</c>.</summary>
    public static string Hex(uint index, ulong seed, Pcg32 random) =>
        string.Create(CultureInfo.InvariantCulture, $"{Mix64(index ^ seed):x16}{random.NextUInt64():x16}");

    /// <summary>A random 32-hex-digit id, as Rasa's <c>message_id</c>.</summary>
    public static string RandomHex(Pcg32 random) =>
        string.Create(CultureInfo.InvariantCulture, $"{random.NextUInt64():x16}{random.NextUInt64():x16}");

    private static string Uuid(string hex) => $"{hex[..8]}-{hex[8..12]}-4{hex[13..16]}-{hex[16..20]}-{hex[20..]}";

    private static string Slack(ulong value)
    {
        Span<char> chars = stackalloc char[10];
        for (var i = chars.Length - 1; i >= 0; i--, value >>= 5)
        {
            chars[i] = SlackAlphabet[(int)(value & 31)];
        }

        return new string(chars);
    }

    // The murmur3 / splitmix finalizers: each step (xor-shift, odd multiply) is invertible, so these are bijections.
    private static ulong Mix64(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static uint Mix32(uint x)
    {
        x = (x ^ (x >> 16)) * 0x85EBCA6BU;
        x = (x ^ (x >> 13)) * 0xC2B2AE35U;
        return x ^ (x >> 16);
    }

    private static ulong Mix48(ulong x)
    {
        const ulong Mask = (1UL << 48) - 1;
        x &= Mask;
        x = ((x ^ (x >> 24)) * 0x9E3779B97F4BUL) & Mask;
        x = ((x ^ (x >> 23)) * 0xC2B2AE3D27D5UL) & Mask;
        return x ^ (x >> 24);
    }
}
