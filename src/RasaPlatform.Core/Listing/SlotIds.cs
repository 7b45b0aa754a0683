using System.Numerics;

namespace RasaPlatform.Core.Listing;

/// <summary>
/// The <see cref="ListingIndex"/>'s conversation ids: the id of each slot, and the slot of each id.
/// </summary>
/// <remarks>
/// <para>
/// The slot of an id is found in a table of slots by open addressing (linear probing, a removal shifting later entries
/// back into its place), which compares ids through the array of ids it already keeps. A table entry is then one
/// <see cref="int"/>: at a million conversations 8 MiB, where a <see cref="Dictionary{TKey, TValue}"/> of id to slot
/// held 39 MiB (its entries of 24 bytes and buckets, at up to twice the count).
/// </para>
/// <para>Not thread-safe: the index's lock guards it.</para>
/// </remarks>
internal sealed class SlotIds
{
    /// <summary>The table is at most this share full: a lookup probes about 1.5 entries when it finds, 2.5 when not.</summary>
    private const int LoadDivisor = 2;

    private const int MinimumTable = 1024;

    /// <summary>Per table entry: the slot there, plus one; 0 for none.</summary>
    private int[] _table = new int[MinimumTable];
    private int _shift = 64 - BitOperations.Log2(MinimumTable);
    private long[] _ids = [];

    /// <summary>How many ids have a slot.</summary>
    public int Count { get; private set; }

    /// <summary>The id of each slot (a slot without one holds whatever id it last had).</summary>
    public long[] Ids => _ids;

    /// <summary>Makes room for slots below <paramref name="capacity"/>.</summary>
    public void Grow(int capacity)
    {
        if (capacity > _ids.Length)
        {
            Array.Resize(ref _ids, capacity);
        }
    }

    /// <summary>The slot of <paramref name="id"/>, if it has one.</summary>
    public bool TryGet(long id, out int slot)
    {
        var at = Find(id);
        slot = at < 0 ? -1 : _table[at] - 1;
        return at >= 0;
    }

    /// <summary>Gives <paramref name="id"/>, which has none, the free <paramref name="slot"/> (below the capacity grown to).</summary>
    public void Add(long id, int slot)
    {
        if ((Count + 1) * LoadDivisor > _table.Length)
        {
            Rehash(_table.Length * 2);
        }

        _ids[slot] = id;
        Place(slot);
        Count++;
    }

    /// <summary>Takes <paramref name="id"/>'s slot away from it, if it has one; the slot is then free.</summary>
    public bool Remove(long id, out int slot)
    {
        var at = Find(id);
        if (at < 0)
        {
            slot = -1;
            return false;
        }

        slot = _table[at] - 1;
        var mask = _table.Length - 1;

        // Shift back each later entry of the run whose home does not lie between the hole and it (cyclically), so that
        // every entry stays reachable from its home without a marker of what was removed.
        var hole = at;
        for (var next = (hole + 1) & mask; _table[next] != 0; next = (next + 1) & mask)
        {
            var home = Home(_ids[_table[next] - 1]);
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                _table[hole] = _table[next];
                hole = next;
            }
        }

        _table[hole] = 0;
        Count--;
        return true;
    }

    /// <summary>Where in the table <paramref name="id"/>'s slot is; -1 when it has none.</summary>
    private int Find(long id)
    {
        for (var at = Home(id); ; at = (at + 1) & (_table.Length - 1))
        {
            var entry = _table[at];
            if (entry == 0)
            {
                return -1;
            }

            if (_ids[entry - 1] == id)
            {
                return at;
            }
        }
    }

    /// <summary>Fibonacci hashing: the top bits of the id times 2^64 / φ, spread even for consecutive ids.</summary>
    private int Home(long id) => (int)(((ulong)id * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Place(int slot)
    {
        var at = Home(_ids[slot]);
        while (_table[at] != 0)
        {
            at = (at + 1) & (_table.Length - 1);
        }

        _table[at] = slot + 1;
    }

    private void Rehash(int size)
    {
        var old = _table;
        _table = new int[size];
        _shift = 64 - BitOperations.Log2((uint)size);
        foreach (var entry in old)
        {
            if (entry != 0)
            {
                Place(entry - 1);
            }
        }
    }
}
