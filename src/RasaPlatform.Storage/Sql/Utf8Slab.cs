namespace RasaPlatform.Storage.Sql;

/// <summary>Copies many short byte values (events' UTF-8 JSON) into shared arrays, one allocation per <see cref="SlabBytes"/>.</summary>
/// <remarks>
/// A catch-up reads millions of events and keeps each only until its conversation is folded: an array per event was
/// millions of small allocations. A slab lives as long as any value copied into it. Not thread-safe: one per reader.
/// </remarks>
internal sealed class Utf8Slab
{
    /// <summary>The size of each shared array; a longer value gets an array of its own.</summary>
    private const int SlabBytes = 64 * 1024;

    private byte[] _slab = [];
    private int _used;

    /// <summary>A copy of <paramref name="value"/>, which stays valid after the source is reused.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> value)
    {
        if (value.Length > SlabBytes / 4)
        {
            return value.ToArray();
        }

        if (_slab.Length - _used < value.Length)
        {
            _slab = new byte[SlabBytes];
            _used = 0;
        }

        var copy = _slab.AsMemory(_used, value.Length);
        value.CopyTo(copy.Span);
        _used += value.Length;
        return copy;
    }
}
