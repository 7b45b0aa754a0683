using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Sql;

/// <summary>What one call does to one conversation, worked out in memory from its row and the stored-hash counts.</summary>
public abstract partial class SqlConversationStore
{
    /// <summary>
    /// A conversation row: its id, next sequence number, event count, latest event time (Unix seconds) and revision (one
    /// more for every call that wrote to it).
    /// </summary>
    protected sealed record ConversationRow(long Id, long NextSeq, long EventCount, double? LatestEventTime, long Revision);

    /// <summary>One event to insert.</summary>
    protected readonly record struct EventRow(long ConversationId, long Seq, IncomingEvent Event);

    /// <summary>The content hashes whose stored copies in one conversation the duplicate check must count.</summary>
    protected sealed record HashLookup(long ConversationId, IReadOnlyList<long> Hashes);

    /// <summary>
    /// The writes of one call to one conversation, applied in list order: a replace discards what is stored and
    /// everything before it; an append skips, counting multiplicity, events equal to ones stored before that write.
    /// </summary>
    private sealed class WritePlan(ConversationRow row, IReadOnlyList<ConversationWrite> writes)
    {
        public ConversationRow Row { get; } = row;

        public bool DeletesStored { get; private set; }

        public List<EventRow> Inserts { get; } = [];

        public ConversationRow Result { get; private set; } = row;

        public long Stored { get; private set; }

        public long Skipped { get; private set; }

        /// <summary>What must be counted in the store: the hashes appended before any replace, if anything is stored.</summary>
        public HashLookup? StoredHashLookup()
        {
            if (Row.EventCount == 0)
            {
                return null;
            }

            var hashes = writes.TakeWhile(w => w.Mode == WriteMode.Append).SelectMany(w => w.Events).Select(e => e.ContentHash).Distinct().ToList();
            return hashes.Count == 0 ? null : new HashLookup(Row.Id, hashes);
        }

        /// <param name="stored">Stored copies per (conversation id, hash), for the hashes <see cref="StoredHashLookup"/> named.</param>
        public void Apply(IReadOnlyDictionary<(long ConversationId, long Hash), int> stored)
        {
            var counts = Row.EventCount == 0 ? null : new Dictionary<long, int>();
            var nextSeq = Row.NextSeq;
            var count = Row.EventCount;
            var latest = Row.LatestEventTime;
            foreach (var write in writes)
            {
                if (write.Mode == WriteMode.Replace)
                {
                    DeletesStored = true;
                    Inserts.Clear();
                    counts = null;
                    (count, latest) = (0, null);
                }

                var kept = counts is null ? write.Events : WithoutStored(write.Events, counts, stored);
                foreach (var e in kept)
                {
                    Inserts.Add(new EventRow(Row.Id, nextSeq++, e));
                }

                if (writes.Count > 1 && kept.Count > 0)
                {
                    // A later append in this call must also skip what this write stores.
                    counts ??= [];
                    foreach (var e in kept)
                    {
                        counts[e.ContentHash] = Count(counts, stored, e.ContentHash) + 1;
                    }
                }

                count += kept.Count;
                latest = kept.Count > 0 ? kept[^1].Timestamp : latest;
                Stored += kept.Count;
                Skipped += write.Events.Count - kept.Count;
            }

            Result = new ConversationRow(Row.Id, nextSeq, count, latest, Row.Revision + 1);
        }

        private List<IncomingEvent> WithoutStored(
            IReadOnlyList<IncomingEvent> events,
            Dictionary<long, int> counts,
            IReadOnlyDictionary<(long ConversationId, long Hash), int> stored)
        {
            var used = new Dictionary<long, int>();
            var kept = new List<IncomingEvent>(events.Count);
            foreach (var e in events)
            {
                var skippedSoFar = used.GetValueOrDefault(e.ContentHash);
                if (skippedSoFar < Count(counts, stored, e.ContentHash))
                {
                    used[e.ContentHash] = skippedSoFar + 1;
                    continue;
                }

                kept.Add(e);
            }

            return kept;
        }

        /// <summary>
        /// Copies of <paramref name="hash"/> stored before the current write: as this call left them, else as the store
        /// holds them unless this call replaced them.
        /// </summary>
        private int Count(Dictionary<long, int> counts, IReadOnlyDictionary<(long, long), int> stored, long hash) =>
            counts.TryGetValue(hash, out var n) ? n : DeletesStored ? 0 : stored.GetValueOrDefault((Row.Id, hash));
    }
}
