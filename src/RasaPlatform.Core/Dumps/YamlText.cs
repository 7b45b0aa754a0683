using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RasaPlatform.Core.Dumps;

/// <summary>YAML scalars and flow values that read back as exactly the text or JSON value given.</summary>
/// <remarks>
/// Plain only for names that no YAML 1.1 or 1.2 reader takes for anything but a string; everything else is
/// double-quoted with escapes for quotes, backslashes, line breaks, control and non-printable characters (a lone
/// surrogate, which no encoding can carry, becomes U+FFFD).
/// </remarks>
internal static class YamlText
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "null", "yes", "no", "on", "off", "y", "n",
    };

    /// <summary>A scalar: plain when that is unambiguous, double-quoted otherwise.</summary>
    public static string Scalar(string text) => IsPlain(text) ? text : DoubleQuoted(text);

    /// <summary>Whether <paramref name="text"/> fits a literal block (<c>|</c>) and reads back as itself plus one newline.</summary>
    /// <remarks>Not when it is empty, starts with a space or a line break, ends with whitespace, or holds a character to escape.</remarks>
    public static bool FitsLiteralBlock(string text) =>
        text.Length > 0 && text[0] is not (' ' or '\n') && !char.IsWhiteSpace(text[^1])
        && text.All(c => c == '\n' || !NeedsEscape(c)) && !HasLoneSurrogate(text);

    /// <summary>A double-quoted scalar.</summary>
    public static string DoubleQuoted(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }

            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                '\u2028' => "\\L",
                '\u2029' => "\\P",
                _ when char.IsSurrogate(c) => "\\uFFFD",
                _ when NeedsEscape(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A JSON value as a YAML flow value: objects and arrays in flow style, strings as <see cref="Scalar"/>.</summary>
    public static string Flow(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var builder = new StringBuilder();
            AppendFlow(builder, document.RootElement);
            return builder.ToString();
        }
        catch (JsonException)
        {
            return DoubleQuoted(json);
        }
    }

    private static void AppendFlow(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var property in value.EnumerateObject())
                {
                    builder.Append(first ? string.Empty : ", ").Append(DoubleQuoted(property.Name)).Append(": ");
                    AppendFlow(builder, property.Value);
                    first = false;
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    builder.Append(index++ == 0 ? string.Empty : ", ");
                    AppendFlow(builder, item);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                builder.Append(Scalar(DumpEvent.StringOf(value)));
                break;
            default:
                // Numbers, true, false and null read the same in JSON and YAML.
                builder.Append(value.GetRawText());
                break;
        }
    }

    private static bool IsPlain(string text) =>
        text.Length > 0 && (char.IsAsciiLetter(text[0]) || text[0] == '_') && !Reserved.Contains(text)
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/');

    /// <summary>Whether a YAML scalar must escape <paramref name="c"/>: a plain or block scalar cannot hold it as it is.</summary>
    internal static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF';

    /// <summary>Whether <paramref name="text"/> holds a surrogate that is not half of a pair: not Unicode text.</summary>
    internal static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
