using System.Globalization;
using System.Text;

namespace RasaPlatform.Core.Dumps;

/// <summary>Text made safe for the places of a Markdown document a dump writes it into.</summary>
internal static class MarkdownText
{
    /// <summary>Text for one table cell or heading line: Markdown and HTML characters escaped, line breaks as <c>&lt;br&gt;</c>.</summary>
    public static string Inline(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n' or '\u2028' or '\u2029' or '\u0085':
                    builder.Append("<br>");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '&':
                    builder.Append("&amp;");
                    break;
                case '\\' or '|' or '`' or '*' or '_' or '[' or ']' or '#' or '~':
                    builder.Append('\\').Append(c);
                    break;
                default:
                    AppendVisible(builder, c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Text for one line of a code block: control characters and line breaks shown as <c>\uXXXX</c>.</summary>
    public static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            AppendVisible(builder, c is '\u2028' or '\u2029' ? '\u0001' : c, c);
        }

        return builder.ToString();
    }

    /// <summary>The longest run of backticks in <paramref name="text"/>, counting JSON's <c>\u0060</c> escapes as backticks.</summary>
    public static int LongestBacktickRun(string text)
    {
        if (!text.Contains('`', StringComparison.Ordinal) && !text.Contains("\\u0060", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        var (longest, run) = (0, 0);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '`')
            {
                run++;
            }
            else if (string.Compare(text, i, "\\u0060", 0, 6, StringComparison.OrdinalIgnoreCase) == 0)
            {
                run++;
                i += 5;
            }
            else
            {
                run = 0;
            }

            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static void AppendVisible(StringBuilder builder, char c) => AppendVisible(builder, c, c);

    private static void AppendVisible(StringBuilder builder, char test, char shown)
    {
        if (char.IsControl(test))
        {
            builder.Append("\\u").Append(((int)shown).ToString("X4", CultureInfo.InvariantCulture));
        }
        else
        {
            builder.Append(shown);
        }
    }
}
