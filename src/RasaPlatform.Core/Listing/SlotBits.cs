namespace RasaPlatform.Core.Listing;

/// <summary>A growable set of slot numbers, one bit each: the <see cref="ListingIndex"/>'s per-name and per-flag sets.</summary>
internal sealed class SlotBits
{
    private ulong[] _words;

    public SlotBits(int words) => _words = new ulong[words];

    /// <summary>The words, 64 slots each, slot 0 in bit 0 of word 0; at least as many as the index has.</summary>
    public ReadOnlySpan<ulong> Words => _words;

    public void Grow(int words)
    {
        if (words > _words.Length)
        {
            Array.Resize(ref _words, words);
        }
    }

    public void Set(int slot) => _words[slot >> 6] |= 1UL << slot;

    public void Clear(int slot) => _words[slot >> 6] &= ~(1UL << slot);

    public void Assign(int slot, bool value)
    {
        if (value)
        {
            Set(slot);
        }
        else
        {
            Clear(slot);
        }
    }
}
