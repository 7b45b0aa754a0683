using System.Globalization;

namespace RasaPlatform.Benchmarks.Generation;

/// <summary>Spells doubles the way Python's <c>repr(float)</c> does, as Rasa's JSON carries them.</summary>
/// <remarks>
/// Shortest round-trip digits (both runtimes use it), a lower-case exponent, and <c>.0</c> after integral values:
/// <c>1.0</c>, <c>0.9876543283462524</c>, <c>1735689600.12</c>, <c>3.2e-05</c>. Always invariant culture.
/// </remarks>
public static class PythonFloat
{
    /// <summary>The most bytes <see cref="Format"/> writes.</summary>
    public const int MaxLength = 32;

    /// <summary>Writes <paramref name="value"/> (finite) as UTF-8 into <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Format(double value, Span<byte> destination)
    {
        if (!value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new ArgumentException("The destination is too small.", nameof(destination));
        }

        var span = destination[..written];
        var exponent = span.IndexOf((byte)'E');
        if (exponent >= 0)
        {
            span[exponent] = (byte)'e';
            return written;
        }

        if (span.IndexOf((byte)'.') < 0)
        {
            destination[written++] = (byte)'.';
            destination[written++] = (byte)'0';
        }

        return written;
    }

    /// <summary><paramref name="value"/> as a string, for tests and messages.</summary>
    public static string ToString(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return System.Text.Encoding.UTF8.GetString(buffer[..Format(value, buffer)]);
    }
}
