using System.Text;

namespace RasaPlatform.Api.Http;

/// <summary><c>Content-Disposition: attachment</c> for any file name (RFC 6266 with RFC 8187's <c>filename*</c>).</summary>
/// <remarks>
/// The header value is printable ASCII whatever the name holds: Kestrel refuses control and non-ASCII characters in a
/// response header with a 500. <c>filename</c> carries a fallback where every character outside printable ASCII, and
/// <c>"</c>, <c>\</c> and <c>/</c>, is <c>_</c>; <c>filename*</c> carries the exact name, UTF-8 percent-encoded.
/// </remarks>
internal static class ContentDisposition
{
    public static string Attachment(string fileName) =>
        $"attachment; filename=\"{AsciiFallback(fileName)}\"; filename*=UTF-8''{PercentEncoded(fileName)}";

    private static string AsciiFallback(string fileName)
    {
        var builder = new StringBuilder(fileName.Length);
        foreach (var rune in fileName.EnumerateRunes())
        {
            var c = rune.Value;
            builder.Append(c is >= 0x20 and < 0x7F and not ('"' or '\\' or '/') ? (char)c : '_');
        }

        return builder.ToString();
    }

    /// <summary>RFC 8187 <c>value-chars</c>: <c>attr-char</c> as is, every other UTF-8 byte as <c>%XX</c>.</summary>
    private static string PercentEncoded(string fileName)
    {
        var builder = new StringBuilder(fileName.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(fileName))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'!' or (byte)'#' or (byte)'$' or (byte)'&' or (byte)'+' or (byte)'-'
                or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
