using System.Runtime.CompilerServices;

namespace RasaPlatform.Core.Listing;

public sealed partial class ListingIndex
{
    /// <summary>The larger first; NaN (null) after every number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Descending(double x, double y) =>
        x > y ? -1
        : x < y ? 1
        : x == y ? 0
        : double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1)
        : -1;

    /// <summary>An order over slots, and the key it sorts by first.</summary>
    private interface ISlotOrder : IComparer<int>
    {
        /// <summary>
        /// The slot's first sort key: a slot whose key is less than another's comes after it. NaN (a null) is never
        /// less than anything here, so it always takes the full comparison.
        /// </summary>
        double Key(int slot);
    }

    /// <summary>Most recent activity first, nulls last; ties by the conversation id, highest first.</summary>
    private readonly struct RecentOrder(double[] latest, long[] ids) : ISlotOrder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Key(int slot) => latest[slot];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Compare(int x, int y) => Descending(latest[x], latest[y]) is var c and not 0 ? c : ids[y].CompareTo(ids[x]);
    }

    /// <summary>Highest minimum action confidence first, nulls last; ties as <see cref="RecentOrder"/>.</summary>
    private readonly struct ConfidenceOrder(double[] confidence, double[] latest, long[] ids) : ISlotOrder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Key(int slot) => confidence[slot];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Compare(int x, int y) =>
            Descending(confidence[x], confidence[y]) is var c and not 0 ? c : new RecentOrder(latest, ids).Compare(x, y);
    }

    /// <summary>The order conversations were first stored in: by id.</summary>
    private readonly struct ArrivalOrder(long[] ids) : ISlotOrder
    {
        /// <summary>The id negated: the lowest id comes first. Ids below 2^53 convert exactly.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Key(int slot) => -(double)ids[slot];

        public int Compare(int x, int y) => ids[x].CompareTo(ids[y]);
    }

    /// <summary>
    /// Keeps the first <c>count</c> slots offered, in an order: a heap whose root is the last kept, so that most
    /// slots of a long listing are turned away by one comparison. Past <c>heapLimit</c> every slot is kept and sorted.
    /// </summary>
    private sealed class PageCollector<TOrder>(TOrder order, int count, int heapLimit)
        where TOrder : struct, ISlotOrder
    {
        private readonly bool _all = count > heapLimit;
        private int[] _kept = new int[Math.Min(count, heapLimit)];
        private int _length;

        /// <summary>Whether the slot would be kept: for most slots of a long listing, one comparison with the root.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Wants(int slot) => _all || _length < count || (count > 0 && order.Compare(slot, _kept[0]) < 0);

        /// <summary>
        /// The first key of the last slot kept once the heap is full: a slot with a smaller key is not wanted. NaN until
        /// then, which no key is less than.
        /// </summary>
        public double Threshold => !_all && _length == count && count > 0 ? order.Key(_kept[0]) : double.NaN;

        /// <summary>Keeps a slot that <see cref="Wants"/> said is wanted, dropping the last kept if the heap is full.</summary>
        public void Add(int slot)
        {
            if (_all)
            {
                if (_length == _kept.Length)
                {
                    Array.Resize(ref _kept, Math.Max(16, _kept.Length * 2));
                }

                _kept[_length++] = slot;
            }
            else if (_length < count)
            {
                _kept[_length] = slot;
                SiftUp(_length++);
            }
            else
            {
                _kept[0] = slot;
                SiftDown(0);
            }
        }

        /// <summary>The kept slots from <paramref name="offset"/>, at most <paramref name="limit"/>, in order.</summary>
        public ReadOnlySpan<int> Page(long offset, int limit)
        {
            if (offset >= _length)
            {
                return [];
            }

            var kept = _kept.AsSpan(0, _length);
            kept.Sort(order);
            return kept.Slice((int)offset, Math.Min(limit, _length - (int)offset));
        }

        private void SiftUp(int i)
        {
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (order.Compare(_kept[i], _kept[parent]) <= 0)
                {
                    return;
                }

                (_kept[i], _kept[parent]) = (_kept[parent], _kept[i]);
                i = parent;
            }
        }

        private void SiftDown(int i)
        {
            while (true)
            {
                var last = i;
                var left = (2 * i) + 1;
                if (left < _length && order.Compare(_kept[left], _kept[last]) > 0)
                {
                    last = left;
                }

                if (left + 1 < _length && order.Compare(_kept[left + 1], _kept[last]) > 0)
                {
                    last = left + 1;
                }

                if (last == i)
                {
                    return;
                }

                (_kept[i], _kept[last]) = (_kept[last], _kept[i]);
                i = last;
            }
        }
    }
}
