using System.Buffers;
using System.Numerics;
using System.Text;
using RasaPlatform.Core.Listing.Filters;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Listing;

/// <summary>
/// An in-process, column-wise copy of every conversation's listing row: it answers which conversations a query's page
/// holds, and how many match, without asking the store. Only the page's items are then read from the store.
/// </summary>
/// <remarks>
/// <para>
/// Each conversation has a slot. Numbers are kept in arrays by slot (null as NaN, which no bound admits); each name
/// (of a category), the training flag, the flagged mark and liveness are bit sets over slots. A query ANDs the bit sets
/// of its name, training and flag conditions, then checks the numbers of the slots left and keeps the first
/// <c>offset + limit</c> of them in the query's order in a bounded heap: one pass over the slots, with no sort of the
/// matches unless the page lies deep.
/// </para>
/// <para>
/// Each conversation's search text is kept as UTF-8 in <see cref="SlotTexts"/> and searched when a filter has text. Tag filters are
/// not answered here (<see cref="CanAnswer"/>). Reads and writes are safe from any thread:
/// queries share a read lock, <see cref="Apply"/> takes the write lock.
/// </para>
/// </remarks>
#pragma warning disable CA1001 // The lock holds no resource but wait handles made on contention, which finalise; a dropped
// index may still be read by a listing in flight, so nothing may dispose it.
public sealed partial class ListingIndex
#pragma warning restore CA1001
{
    /// <summary>Pages ending after this many matches are found by sorting every match, not by the bounded heap.</summary>
    private const int HeapLimit = 16_384;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly SlotIds _slots = new();
    private readonly Stack<int> _free = new();
    private readonly Dictionary<string, int> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _assistants = new(StringComparer.Ordinal);
    private readonly Dictionary<(NameCategory Category, string Name), SlotBits> _names = [];
    private readonly SlotBits _live = new(0);
    private readonly SlotBits _training = new(0);
    private readonly SlotBits _flagged = new(0);
    private int _end;
    private int _words;
    private double[] _latest = [];
    private double[] _latestUser = [];
    private double[] _minimumAction = [];
    private double[] _minimumIntent = [];
    private int[] _userMessages = [];
    private int[] _channel = [];
    private int[] _assistant = [];
    private ushort[] _marks = [];
    private readonly SlotTexts _texts = new();
    private readonly SlotTexts _slotMatches = new();

    /// <summary>How many conversations the index holds.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _slots.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Whether the index can answer a filter: any filter without tags.</summary>
    public static bool CanAnswer(ConversationFilter filter) => filter.TagIds.Count == 0 && filter.TagNames.Count == 0;

    /// <summary>Reads every conversation from <paramref name="feed"/> into a new index.</summary>
    /// <returns>The index, and the position its changes are read from.</returns>
    public static async Task<(ListingIndex Index, ListingPosition Position)> LoadAsync(IListingFeed feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var index = new ListingIndex();

        // Nobody sees the index before it is returned: the load writes without the lock.
        var position = await feed.ReadAllAsync(new Loader(index), cancellationToken).ConfigureAwait(false);
        return (index, position);
    }

    /// <summary>Applies changes read from the feed, under the write lock.</summary>
    public void Apply(ListingChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty)
        {
            return;
        }

        _lock.EnterWriteLock();
        try
        {
            changes.ReplayTo(new Loader(this));
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The ids of the query's page, in its order, and how many conversations match its filter.</summary>
    /// <exception cref="ArgumentException">The filter has tags (see <see cref="CanAnswer"/>).</exception>
    public ListingSelection Select(ConversationListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!CanAnswer(query.Filter))
        {
            throw new ArgumentException("The index answers no tag filter.", nameof(query));
        }

        _lock.EnterReadLock();
        try
        {
            return SelectLocked(query);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private ListingSelection SelectLocked(ConversationListQuery query)
    {
        var filter = query.Filter;
        if (!Conditions.TryCreate(filter, _channels, _assistants, out var conditions))
        {
            return new ListingSelection([], 0);
        }

        var candidates = ArrayPool<ulong>.Shared.Rent(Math.Max(_words, 1));
        var any = ArrayPool<ulong>.Shared.Rent(Math.Max(_words, 1));
        try
        {
            var words = candidates.AsSpan(0, _words);
            Candidates(filter, words, any.AsSpan(0, _words));
            KeepNumbers(words, filter, conditions);
            foreach (var condition in ListingFilters.ConditionsOf(filter))
            {
                Keep(words, condition);
            }
            if (!string.IsNullOrEmpty(filter.Text))
            {
                // The text check is the costly one: done last, on what every other condition left.
                _texts.Keep(words, Encoding.UTF8.GetBytes(filter.Text));
            }

            return query.Order switch
            {
                ConversationOrder.LatestEventTimeDescending => Collect(new RecentOrder(_latest, _slots.Ids), words, query),
                ConversationOrder.MinimumActionConfidenceDescending => Collect(new ConfidenceOrder(_minimumAction, _latest, _slots.Ids), words, query),
                ConversationOrder.Arrival => Collect(new ArrivalOrder(_slots.Ids), words, query),
                _ => throw new ArgumentException($"Unknown order {query.Order}.", nameof(query)),
            };
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(candidates);
            ArrayPool<ulong>.Shared.Return(any);
        }
    }

    /// <summary>
    /// Counts the slots left in <paramref name="words"/> and keeps the page's; generic over the order so that each
    /// order's comparison is compiled into the loop.
    /// </summary>
    private ListingSelection Collect<TOrder>(TOrder order, ReadOnlySpan<ulong> words, ConversationListQuery query)
        where TOrder : struct, ISlotOrder
    {
        var page = new PageCollector<TOrder>(order, (int)Math.Min(query.Offset + query.Limit, _slots.Count), HeapLimit);
        var threshold = double.NaN;
        var total = 0L;
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            total += BitOperations.PopCount(word);
            while (word != 0)
            {
                var slot = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;

                // Most slots of a long listing fail on their first key alone, against a local.
                if (order.Key(slot) < threshold || !page.Wants(slot))
                {
                    continue;
                }

                page.Add(slot);
                threshold = page.Threshold;
            }
        }

        var slots = page.Page(query.Offset, query.Limit);
        var ids = new long[slots.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = _slots.Ids[slots[i]];
        }

        return new ListingSelection(ids, total);
    }

    /// <summary>The live slots that pass the filter's set conditions: training, flagged and every name list.</summary>
    private void Candidates(ConversationFilter filter, Span<ulong> words, Span<ulong> any)
    {
        _live.Words[.._words].CopyTo(words);
        if (filter.InTrainingData is { } training)
        {
            And(words, _training.Words, negate: !training);
        }

        if (filter.OnlyFlagged)
        {
            And(words, _flagged.Words, negate: false);
        }

        foreach (var (category, names) in filter.NameConditions())
        {
            any.Clear();
            foreach (var name in names)
            {
                if (_names.TryGetValue((category, name), out var bits))
                {
                    Or(any, bits.Words);
                }
            }

            And(words, any, negate: false);
        }
    }

    /// <summary>
    /// Clears every slot that fails a numeric, channel or assistant condition: one pass per column over the slots
    /// still set, each check without a branch (the outcome is as unpredictable as the data).
    /// </summary>
    private void KeepNumbers(Span<ulong> words, ConversationFilter filter, in Conditions c)
    {
        KeepRange(words, _latestUser, filter.Start, filter.Until);
        KeepRange(words, _minimumAction, filter.MinimumConfidence, filter.MaximumConfidence);
        KeepRange(words, _minimumIntent, filter.MinimumNluConfidence, filter.MaximumNluConfidence);
        if (filter.MinimumUserMessages is { } minimum)
        {
            KeepAtLeast(words, _userMessages, minimum);
        }

        if (c.Channels is { } channels)
        {
            KeepAdmitted(words, _channel, channels);
        }

        if (c.Assistants is { } assistants)
        {
            KeepAdmitted(words, _assistant, assistants);
        }
    }

    /// <summary>Keeps the slots whose value lies within the bounds given (inclusive); no bound, no pass.</summary>
    private static void KeepRange(Span<ulong> words, double[] column, double? low, double? high)
    {
        if (low is not null || high is not null)
        {
            SlotTest.Keep(words, new InRange(column, low ?? double.NegativeInfinity, high ?? double.PositiveInfinity));
        }
    }

    private static void KeepAtLeast(Span<ulong> words, int[] column, int minimum) => SlotTest.Keep(words, new AtLeast(column, minimum));

    private static void KeepAdmitted(Span<ulong> words, int[] column, bool[] admitted) => SlotTest.Keep(words, new Admitted(column, admitted));

    private static void And(Span<ulong> target, ReadOnlySpan<ulong> source, bool negate)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] &= negate ? ~source[i] : source[i];
        }
    }

    private static void Or(Span<ulong> target, ReadOnlySpan<ulong> source)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] |= source[i];
        }
    }

    /// <summary>
    /// The filter's channel and assistant sets as flags by interned id plus one (index 0 is "none", never admitted);
    /// null where the filter has no such condition.
    /// </summary>
    private readonly record struct Conditions(bool[]? Channels, bool[]? Assistants)
    {
        /// <summary>False when a channel or assistant set admits no conversation the index knows.</summary>
        public static bool TryCreate(
            ConversationFilter f,
            Dictionary<string, int> channels,
            Dictionary<string, int> assistants,
            out Conditions conditions)
        {
            conditions = new Conditions(
                f.InputChannels.Count == 0 ? null : Admitted(f.InputChannels, channels),
                f.Assistants is null ? null : Admitted(f.Assistants, assistants));
            return conditions.Channels?.Contains(true) != false && conditions.Assistants?.Contains(true) != false;
        }

        private static bool[] Admitted(IEnumerable<string> names, Dictionary<string, int> ids)
        {
            var admitted = new bool[ids.Count + 1];
            foreach (var name in names)
            {
                if (ids.TryGetValue(name, out var id))
                {
                    admitted[id + 1] = true;
                }
            }

            return admitted;
        }
    }
}

/// <summary>A page chosen by the <see cref="ListingIndex"/>.</summary>
/// <param name="ConversationIds">The page's conversations, in the query's order.</param>
/// <param name="Total">How many conversations match the filter, before paging.</param>
public sealed record ListingSelection(IReadOnlyList<long> ConversationIds, long Total);
