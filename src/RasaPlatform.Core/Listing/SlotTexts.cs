using System.Buffers;
using System.Numerics;

namespace RasaPlatform.Core.Listing;

/// <summary>
/// The <see cref="ListingIndex"/>'s search texts: each slot's UTF-8 text stored end to end with the others in large
/// chunks, so that a search reads memory in order instead of visiting a million small arrays.
/// </summary>
/// <remarks>
/// <para>
/// A text is appended to the newest chunk; one replaced or cleared leaves its old bytes behind as garbage. A chunk
/// that is no longer appended to is rewritten with only its live texts once garbage is half of it, and an emptied one
/// is appended to again. A text longer than a chunk gets a chunk of its own size.
/// </para>
/// <para>
/// Each chunk records the slot and start of every text appended to it, in order: a text ends where the next begins.
/// A record is live while its slot's text is still at that place. Not thread-safe: the index's lock guards it.
/// </para>
/// </remarks>
internal sealed class SlotTexts
{
    /// <summary>Bytes per chunk: large enough to scan without overhead, small enough to rewrite at once.</summary>
    private const int ChunkBytes = 4 << 20;

    /// <summary>A search checks each candidate's text by itself when candidates are at most this share of the texts.</summary>
    private const int FewCandidatesDivisor = 8;

    private readonly List<Chunk> _chunks = [];
    private readonly Stack<int> _emptied = new();
    private int _appending = -1;
    private int _count;

    /// <summary>Per slot: its text's chunk plus one (0 for none), start and length.</summary>
    private int[] _chunkOf = [];
    private int[] _start = [];
    private int[] _length = [];

    /// <summary>Makes room for slots below <paramref name="capacity"/>.</summary>
    public void Grow(int capacity)
    {
        if (capacity > _chunkOf.Length)
        {
            Array.Resize(ref _chunkOf, capacity);
            Array.Resize(ref _start, capacity);
            Array.Resize(ref _length, capacity);
        }
    }

    /// <summary>Gives the slot <paramref name="utf8"/> as its text (copied); an empty text is no text.</summary>
    public void Set(int slot, ReadOnlySpan<byte> utf8)
    {
        Clear(slot);
        if (utf8.IsEmpty)
        {
            return;
        }

        var c = ChunkFor(utf8.Length);
        var chunk = _chunks[c];
        utf8.CopyTo(chunk.Bytes.AsSpan(chunk.Used));
        chunk.Append(slot, chunk.Used);
        (_chunkOf[slot], _start[slot], _length[slot]) = (c + 1, chunk.Used, utf8.Length);
        chunk.Used += utf8.Length;
        _count++;
    }

    /// <summary>Takes the slot's text away, if it has one.</summary>
    public void Clear(int slot)
    {
        var c = _chunkOf[slot] - 1;
        if (c < 0)
        {
            return;
        }

        _chunkOf[slot] = 0;
        _count--;
        var chunk = _chunks[c];
        chunk.Garbage += _length[slot];
        if (c != _appending && chunk.Garbage * 2 >= chunk.Used)
        {
            Compact(c);
        }
    }

    /// <summary>The slot's text; empty when it has none.</summary>
    public ReadOnlySpan<byte> Get(int slot)
    {
        var c = _chunkOf[slot] - 1;
        return c < 0 ? [] : _chunks[c].Bytes.AsSpan(_start[slot], _length[slot]);
    }

    /// <summary>
    /// Clears, in <paramref name="words"/>, every slot whose text lacks <paramref name="fragment"/> (non-empty), byte
    /// by byte: a substring of UTF-8 text is a substring of its characters.
    /// </summary>
    /// <remarks>
    /// Few candidates are checked one by one; otherwise every chunk is scanned for the fragment, in parallel, and each
    /// match is mapped to the text it lies in.
    /// </remarks>
    public void Keep(Span<ulong> words, byte[] fragment)
    {
        var candidates = 0L;
        foreach (var word in words)
        {
            candidates += BitOperations.PopCount(word);
        }

        if (candidates * FewCandidatesDivisor <= _count)
        {
            SlotTest.Keep(words, new Holds(this, fragment));
            return;
        }

        // Pooled: at a million slots the set is 128 KiB, which would be a large-object allocation per query.
        var found = ArrayPool<ulong>.Shared.Rent(words.Length);
        try
        {
            found.AsSpan(0, words.Length).Clear();
            Parallel.For(0, _chunks.Count, c => Scan(c, fragment, found));
            for (var w = 0; w < words.Length; w++)
            {
                words[w] &= found[w];
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(found);
        }
    }

    /// <summary>Marks in <paramref name="found"/> the slot of every live text of chunk <paramref name="c"/> that holds the needle.</summary>
    private void Scan(int c, byte[] needle, ulong[] found)
    {
        var chunk = _chunks[c];
        var bytes = chunk.Bytes.AsSpan(0, chunk.Used);
        var record = 0;
        var from = 0;
        while (from < bytes.Length)
        {
            var at = bytes[from..].IndexOf(needle);
            if (at < 0)
            {
                return;
            }

            at += from;
            while (record + 1 < chunk.Count && chunk.Starts[record + 1] <= at)
            {
                record++;
            }

            // A match that runs into the next text is no match; neither is any later one starting in this text.
            var end = record + 1 < chunk.Count ? chunk.Starts[record + 1] : chunk.Used;
            var slot = chunk.Slots[record];
            if (at + needle.Length <= end && _chunkOf[slot] == c + 1 && _start[slot] == chunk.Starts[record])
            {
                Interlocked.Or(ref found[slot >> 6], 1UL << slot);
            }

            from = end;
        }
    }

    /// <summary>The chunk to append <paramref name="length"/> bytes to.</summary>
    private int ChunkFor(int length)
    {
        if (_appending >= 0 && _chunks[_appending].Bytes.Length - _chunks[_appending].Used >= length)
        {
            return _appending;
        }

        var previous = _appending;
        _appending = _emptied.TryPop(out var reused) ? reused : _chunks.Count;
        var chunk = new Chunk(Math.Max(ChunkBytes, length));
        if (_appending == _chunks.Count)
        {
            _chunks.Add(chunk);
        }
        else
        {
            _chunks[_appending] = chunk;
        }

        if (previous >= 0 && _chunks[previous].Garbage * 2 >= _chunks[previous].Used)
        {
            Compact(previous);
        }
        else if (previous >= 0)
        {
            _chunks[previous].Seal();
        }

        return _appending;
    }

    /// <summary>Rewrites chunk <paramref name="c"/> (not the one appended to) with only its live texts.</summary>
    private void Compact(int c)
    {
        var old = _chunks[c];
        var live = new Chunk(old.Used - old.Garbage);
        for (var r = 0; r < old.Count; r++)
        {
            var slot = old.Slots[r];
            if (_chunkOf[slot] == c + 1 && _start[slot] == old.Starts[r])
            {
                old.Bytes.AsSpan(_start[slot], _length[slot]).CopyTo(live.Bytes.AsSpan(live.Used));
                live.Append(slot, live.Used);
                _start[slot] = live.Used;
                live.Used += _length[slot];
            }
        }

        live.Seal();
        _chunks[c] = live;
        if (live.Count == 0)
        {
            _emptied.Push(c);
        }
    }

    /// <summary>The slot's text holds the needle.</summary>
    private readonly struct Holds(SlotTexts texts, byte[] needle) : ISlotTest
    {
        public bool Passes(int slot) => texts.Get(slot).IndexOf(needle) >= 0;
    }

    /// <summary>Texts end to end, and the slot and start of each in the order appended.</summary>
    private sealed class Chunk(int capacity)
    {
        public byte[] Bytes { get; } = new byte[capacity];

        public int Used { get; set; }

        /// <summary>Bytes of texts no longer live.</summary>
        public int Garbage { get; set; }

        public int Count { get; private set; }

        private int[] _slots = [];
        private int[] _starts = [];

        public int[] Slots => _slots;

        public int[] Starts => _starts;

        /// <summary>Gives back the records' unused room once nothing more is appended (up to half of them, as they double).</summary>
        public void Seal()
        {
            Array.Resize(ref _slots, Count);
            Array.Resize(ref _starts, Count);
        }

        public void Append(int slot, int start)
        {
            if (Count == _slots.Length)
            {
                var size = Math.Max(64, Count * 2);
                Array.Resize(ref _slots, size);
                Array.Resize(ref _starts, size);
            }

            _slots[Count] = slot;
            _starts[Count] = start;
            Count++;
        }
    }
}
