using System.Globalization;
using System.Text;
using System.Text.Json;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Core.Listing;

/// <summary>A value a <c>slot</c> event of the conversation set: the slot's name and the value as JSON text.</summary>
/// <param name="Name">The slot's name.</param>
/// <param name="Json">The value as compact JSON with object keys sorted ordinally (<c>"Berlin"</c> with its quotes, <c>3</c>, <c>null</c>).</param>
public sealed record SlotValue(string Name, string Json)
{
    /// <summary>Separates the name from the value in <see cref="Key"/>: a control character, which neither holds.</summary>
    public const char Separator = '\u001f';

    /// <summary>The name and the value in one text, as the stores keep them: <c>NAME␟JSON</c>.</summary>
    public string Key => Name + Separator + Json;

    /// <summary>The pair a <see cref="Key"/> holds.</summary>
    public static SlotValue FromKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = key.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? throw new FormatException("A slot value's key holds a separator.") : new SlotValue(key[..at], key[(at + 1)..]);
    }
}

/// <summary>One item of the <c>slots</c> filter: some <c>slot</c> event named <paramref name="Name"/> set a value whose JSON text contains <paramref name="Value"/>.</summary>
/// <param name="Name">The slot's name, compared exactly.</param>
/// <param name="Value">The fragment, lower-cased (invariant): matched case-insensitively.</param>
public sealed record SlotCondition(string Name, string Value)
{
    /// <summary>Whether a conversation that set these values meets the item.</summary>
    public bool Matches(IEnumerable<SlotValue> values) =>
        values.Any(v => v.Name == Name && v.Json.ToLowerInvariant().Contains(Value, StringComparison.Ordinal));
}

/// <summary>The slot values the listing keeps (REFERENCE.md §8): how they are read from events and how the filter is given.</summary>
public static class SlotValues
{
    /// <summary>
    /// At most this many characters of a value's JSON text are kept and matched; the rest is cut off. With
    /// <see cref="MaximumNameLength"/> and an assistant's name it keeps a name row within PostgreSQL's limit on a
    /// B-tree entry (2,704 bytes) whatever the characters.
    /// </summary>
    public const int MaximumJsonLength = 200;

    /// <summary>Slots with longer names are not kept (see <see cref="MaximumJsonLength"/>); no assistant names one so long.</summary>
    public const int MaximumNameLength = 100;

    /// <summary>The slot Rasa sets to drive forms; Rasa X left it out, and so do we.</summary>
    public const string RequestedSlot = "requested_slot";

    /// <summary>The value a <c>slot</c> event sets, or null when it sets none the listing keeps.</summary>
    /// <remarks>
    /// Slot names with a control character are left out: a filter cannot name them
    /// (<see cref="ListingArguments.Names(string, string?)"/>); so are names over <see cref="MaximumNameLength"/> characters.
    /// </remarks>
    public static SlotValue? Of(JsonElement slotEvent)
    {
        if (!slotEvent.TryGetProperty("name", out var name) || !name.TryGetText(out var slot)
            || slot is not { Length: > 0 and <= MaximumNameLength } || slot == RequestedSlot || slot.Any(char.IsControl))
        {
            return null;
        }

        var value = slotEvent.TryGetProperty("value", out var v) ? v : default;
        var json = Canonical(value);
        return new SlotValue(slot, json.Length <= MaximumJsonLength ? json : Cut(json));
    }

    /// <summary>The <c>slots</c> parameter: <c>NAME:VALUE</c> items separated by commas; VALUE is what follows the first colon.</summary>
    /// <remarks>Read as every listing name list is (<see cref="ListingArguments.Names(string, string?)"/>): at most 100 items, none with a control character.</remarks>
    /// <exception cref="InvalidEventException">An item without a colon, with an empty name or value, or the list is not a valid name list.</exception>
    public static IReadOnlyList<SlotCondition> Parse(string field, string? value)
    {
        var conditions = new List<SlotCondition>();
        foreach (var item in ListingArguments.Names(field, value))
        {
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? string.Empty : item[..colon].Trim();
            var fragment = colon < 0 ? string.Empty : item[(colon + 1)..].Trim();
            if (name.Length == 0 || fragment.Length == 0)
            {
                throw new InvalidEventException(field, $"'{field}' item '{ListingArguments.Shorten(item)}' is not NAME:VALUE with a name and a value.");
            }

            if (fragment.Length > MaximumJsonLength)
            {
                throw new InvalidEventException(field, $"'{field}' item '{ListingArguments.Shorten(item)}' holds a value longer than {MaximumJsonLength} characters.");
            }

            var condition = new SlotCondition(name, fragment.ToLowerInvariant());
            if (!conditions.Contains(condition))
            {
                conditions.Add(condition);
            }
        }

        return conditions;
    }

    /// <summary>
    /// Compact JSON with object keys sorted ordinally; numbers as received; strings with only <c>"</c>, <c>\</c> and
    /// control characters (and lone surrogates) escaped, so that a filter finds any other character, emoji included,
    /// as it is written.
    /// </summary>
    /// <remarks>A value holding a lone surrogate escape, which .NET cannot read as text, is kept as received.</remarks>
    public static string Canonical(JsonElement value)
    {
        var json = new StringBuilder();
        try
        {
            Write(json, value);
        }
        catch (InvalidOperationException)
        {
            return value.ValueKind == JsonValueKind.Undefined ? "null" : value.GetRawText();
        }

        return json.ToString();
    }

    private static void Write(StringBuilder json, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                json.Append('{');
                var first = true;
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    json.Append(first ? "" : ",");
                    first = false;
                    Quote(json, property.Name);
                    json.Append(':');
                    Write(json, property.Value);
                }

                json.Append('}');
                break;
            case JsonValueKind.Array:
                json.Append('[');
                var head = true;
                foreach (var item in value.EnumerateArray())
                {
                    json.Append(head ? "" : ",");
                    head = false;
                    Write(json, item);
                }

                json.Append(']');
                break;
            case JsonValueKind.String:
                Quote(json, value.GetString()!);
                break;
            case JsonValueKind.Undefined:
                json.Append("null");
                break;
            default:
                json.Append(value.GetRawText());
                break;
        }
    }

    private static void Quote(StringBuilder json, string text)
    {
        json.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                : char.IsLowSurrogate(c) ? i > 0 && char.IsHighSurrogate(text[i - 1])
                : true;
            _ = c switch
            {
                '"' => json.Append("\\\""),
                '\\' => json.Append("\\\\"),
                '\n' => json.Append("\\n"),
                '\r' => json.Append("\\r"),
                '\t' => json.Append("\\t"),
                '\b' => json.Append("\\b"),
                '\f' => json.Append("\\f"),
                _ when c < ' ' || !paired => json.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => json.Append(c),
            };
        }

        json.Append('"');
    }

    /// <summary>The first <see cref="MaximumJsonLength"/> characters, without splitting a surrogate pair.</summary>
    private static string Cut(string json)
    {
        var length = char.IsHighSurrogate(json[MaximumJsonLength - 1]) ? MaximumJsonLength - 1 : MaximumJsonLength;
        return json[..length];
    }
}
