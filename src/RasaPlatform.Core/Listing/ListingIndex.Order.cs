namespace RasaPlatform.Core.Listing;

public sealed partial class ListingIndex
{
    /// <summary>
    /// The listing's orders over slots, as the store sorts them: times and confidences descending with nulls last,
    /// ties by the conversation id descending; arrival by the id ascending.
    /// </summary>
    private sealed class SlotOrder(ListingIndex index, ConversationOrder order) : IComparer<int>
    {
        public int Compare(int x, int y) => order switch
        {
            ConversationOrder.LatestEventTimeDescending => Recent(x, y),
            ConversationOrder.MinimumActionConfidenceDescending =>
                Descending(index._minimumAction[x], index._minimumAction[y]) is var c and not 0 ? c : Recent(x, y),
            ConversationOrder.Arrival => index._ids[x].CompareTo(index._ids[y]),
            _ => throw new InvalidOperationException($"Unknown order {order}."),
        };

        private int Recent(int x, int y) =>
            Descending(index._latest[x], index._latest[y]) is var c and not 0 ? c : index._ids[y].CompareTo(index._ids[x]);

        /// <summary>The larger first; NaN (null) after every number.</summary>
        private static int Descending(double x, double y) =>
            double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1)
            : double.IsNaN(y) ? -1
            : y.CompareTo(x);
    }

    /// <summary>
    /// Keeps the first <c>count</c> slots offered, in an order: a heap whose root is the last kept, so that most
    /// slots of a long listing are turned away by one comparison. Past <c>heapLimit</c> every slot is kept and sorted.
    /// </summary>
    private sealed class PageCollector(IComparer<int> order, int count, int heapLimit)
    {
        private readonly List<int> _kept = new(Math.Min(count, heapLimit));
        private readonly bool _all = count > heapLimit;

        public void Offer(int slot)
        {
            if (count == 0)
            {
                return;
            }

            if (_all || _kept.Count < count)
            {
                _kept.Add(slot);
                if (!_all)
                {
                    SiftUp(_kept.Count - 1);
                }
            }
            else if (order.Compare(slot, _kept[0]) < 0)
            {
                _kept[0] = slot;
                SiftDown(0);
            }
        }

        /// <summary>The kept slots from <paramref name="offset"/>, at most <paramref name="limit"/>, in order.</summary>
        public List<int> Page(long offset, int limit)
        {
            if (offset >= _kept.Count)
            {
                return [];
            }

            _kept.Sort(order);
            return _kept.GetRange((int)offset, Math.Min(limit, _kept.Count - (int)offset));
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
                foreach (var child in (ReadOnlySpan<int>)[(2 * i) + 1, (2 * i) + 2])
                {
                    if (child < _kept.Count && order.Compare(_kept[child], _kept[last]) > 0)
                    {
                        last = child;
                    }
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
