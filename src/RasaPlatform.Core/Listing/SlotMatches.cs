using System.Text;

namespace RasaPlatform.Core.Listing;

/// <summary>
/// A conversation's slot values as the <see cref="ListingIndex"/> searches them: each lower-cased
/// <see cref="SlotValue.Key"/> after a record separator, in one UTF-8 text. Neither a slot name nor a JSON text holds
/// the separator (JSON escapes control characters; names with one are not kept).
/// </summary>
public static class SlotMatches
{
    /// <summary>Starts each value in the text.</summary>
    public const byte RecordSeparator = 0x1e;

    /// <summary>The text of lower-cased keys (<see cref="NameCategory.SlotMatch"/> names).</summary>
    public static byte[] Encode(IEnumerable<string> lowerCasedKeys)
    {
        ArgumentNullException.ThrowIfNull(lowerCasedKeys);
        var text = new StringBuilder();
        foreach (var key in lowerCasedKeys)
        {
            text.Append((char)RecordSeparator).Append(key);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The lower-cased key the stores keep for matching a value (<see cref="NameCategory.SlotMatch"/>).</summary>
    public static string MatchKey(SlotValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Name + SlotValue.Separator + value.Json.ToLowerInvariant();
    }

    /// <summary>Whether the encoded <paramref name="text"/> holds a value of the slot whose key starts <paramref name="prefix"/> (separator, name, separator) and holds <paramref name="fragment"/> after it.</summary>
    public static bool Holds(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> fragment)
    {
        while (true)
        {
            var at = text.IndexOf(prefix);
            if (at < 0)
            {
                return false;
            }

            var rest = text[(at + prefix.Length)..];
            var end = rest.IndexOf(RecordSeparator);
            var value = end < 0 ? rest : rest[..end];
            if (value.IndexOf(fragment) >= 0)
            {
                return true;
            }

            if (end < 0)
            {
                return false;
            }

            text = rest[end..];
        }
    }

    /// <summary>The prefix <see cref="Holds"/> looks for, for the slot <paramref name="name"/>.</summary>
    public static byte[] Prefix(string name) => Encoding.UTF8.GetBytes((char)RecordSeparator + name + SlotValue.Separator);
}
