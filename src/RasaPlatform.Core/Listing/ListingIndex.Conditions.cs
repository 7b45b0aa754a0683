using System.Runtime.CompilerServices;

namespace RasaPlatform.Core.Listing;

#pragma warning disable CA1001 // See the main declaration: nothing may dispose an index.
public sealed partial class ListingIndex
#pragma warning restore CA1001
{
    /// <summary>The value lies in [low, high]; NaN (null) never does.</summary>
    private readonly struct InRange(double[] column, double low, double high) : ISlotTest
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(int slot)
        {
            var value = column[slot];
            return (value >= low) & (value <= high);
        }
    }

    private readonly struct AtLeast(int[] column, int minimum) : ISlotTest
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(int slot) => column[slot] >= minimum;
    }

    /// <summary>The slot's interned id (-1 for none) is admitted at index id + 1.</summary>
    private readonly struct Admitted(int[] column, bool[] admitted) : ISlotTest
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Passes(int slot) => admitted[column[slot] + 1];
    }
}
