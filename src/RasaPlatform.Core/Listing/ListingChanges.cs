using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Listing;

/// <summary>
/// Listing rows read from an <see cref="IListingFeed"/> and kept until <see cref="ListingIndex.Apply"/> replays them
/// under the index's write lock, so that the store is never read while the lock is held.
/// </summary>
public sealed class ListingChanges : IListingSink
{
    private readonly List<ListingRow> _rows = [];
    private readonly List<long> _removed = [];
    private readonly List<(long ConversationId, NameCategory Category, string Name)> _names = [];
    private readonly List<(long ConversationId, byte[] Utf8)> _texts = [];
    private readonly List<(long ConversationId, byte[] Utf8)> _slotMatches = [];

    /// <summary>Whether nothing was read.</summary>
    public bool IsEmpty => _rows.Count == 0 && _removed.Count == 0;

    /// <summary>How many conversations changed: rows given plus removals.</summary>
    public int Conversations => _rows.Count + _removed.Count;

    public void Upsert(in ListingRow row) => _rows.Add(row);

    public void Remove(long conversationId) => _removed.Add(conversationId);

    public void AddName(long conversationId, NameCategory category, string name) => _names.Add((conversationId, category, name));

    public void SetText(long conversationId, byte[] utf8) => _texts.Add((conversationId, utf8));

    public void SetSlotMatches(long conversationId, byte[] utf8) => _slotMatches.Add((conversationId, utf8));

    /// <summary>Writes what was read to <paramref name="sink"/>, in the order the feed gave it.</summary>
    internal void ReplayTo(IListingSink sink)
    {
        foreach (var id in _removed)
        {
            sink.Remove(id);
        }

        foreach (var row in _rows)
        {
            sink.Upsert(row);
        }

        foreach (var (id, category, name) in _names)
        {
            sink.AddName(id, category, name);
        }

        foreach (var (id, utf8) in _texts)
        {
            sink.SetText(id, utf8);
        }

        foreach (var (id, utf8) in _slotMatches)
        {
            sink.SetSlotMatches(id, utf8);
        }
    }
}
