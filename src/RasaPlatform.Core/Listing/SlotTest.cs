using System.Numerics;

namespace RasaPlatform.Core.Listing;

/// <summary>A condition on one slot, checked slot by slot without a branch on its outcome.</summary>
internal interface ISlotTest
{
    bool Passes(int slot);
}

/// <summary>Narrows a set of slots (64 to a word, slot 0 in bit 0 of word 0) by an <see cref="ISlotTest"/>.</summary>
internal static class SlotTest
{
    /// <summary>Keeps the slots still set that pass <paramref name="test"/>, compiled into the loop per test type.</summary>
    public static void Keep<TTest>(Span<ulong> words, TTest test)
        where TTest : struct, ISlotTest
    {
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            var kept = 0UL;
            while (word != 0)
            {
                var bit = BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                kept |= (test.Passes((w << 6) + bit) ? 1UL : 0UL) << bit;
            }

            words[w] = kept;
        }
    }
}
