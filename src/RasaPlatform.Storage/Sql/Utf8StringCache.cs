using System.Collections.Concurrent;
using System.Text;

namespace RasaPlatform.Storage.Sql;

/// <summary>Decodes short UTF-8 values that repeat (event types, action names) to one shared string each.</summary>
/// <remarks>
/// A 10,000-event conversation holds a few dozen distinct types and names; reading it allocated 20,000 strings for
/// them. Values longer than <see cref="MaxLength"/> bytes, and any once the cache is full, are decoded as usual.
/// Thread-safe.
/// </remarks>
internal sealed class Utf8StringCache
{
    private const int MaxLength = 64;
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public Utf8StringCache()
    {
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxLength];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        var key = chars[..length];
        if (_lookup.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var value = key.ToString();
        return _strings.Count < MaxEntries ? _strings.GetOrAdd(value, value) : value;
    }
}
