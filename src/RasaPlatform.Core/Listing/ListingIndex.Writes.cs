using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Listing;

public sealed partial class ListingIndex
{
    private void Upsert(in ListingRow row)
    {
        if (_slots.TryGet(row.ConversationId, out var slot))
        {
            // Its names and texts are given again after the rows.
            ForgetNames(slot);
            _texts.Clear(slot);
            _slotMatches.Clear(slot);
        }
        else
        {
            slot = NewSlot();
            _slots.Add(row.ConversationId, slot);
            _live.Set(slot);
        }

        _latest[slot] = row.LatestEventTime ?? double.NaN;
        _latestUser[slot] = row.LatestUserEventTime ?? double.NaN;
        _minimumAction[slot] = row.MinimumActionConfidence ?? double.NaN;
        _minimumIntent[slot] = row.MinimumIntentConfidence ?? double.NaN;
        _userMessages[slot] = row.UserMessages;
        _channel[slot] = Intern(_channels, row.InputChannel);
        _assistant[slot] = Intern(_assistants, row.Assistant);
        _marks[slot] = (ushort)row.Marks;
        _training.Assign(slot, row.InTrainingData);
        _flagged.Assign(slot, row.Flagged);
    }

    private void Remove(long conversationId)
    {
        if (!_slots.Remove(conversationId, out var slot))
        {
            return;
        }

        ForgetNames(slot);
        _texts.Clear(slot);
        _slotMatches.Clear(slot);
        _live.Clear(slot);
        _training.Clear(slot);
        _flagged.Clear(slot);
        _free.Push(slot);
    }

    private void AddName(long conversationId, NameCategory category, string name)
    {
        if (!_slots.TryGet(conversationId, out var slot))
        {
            return;
        }

        if (!_names.TryGetValue((category, name), out var bits))
        {
            _names.Add((category, name), bits = new SlotBits(_words));
        }

        bits.Set(slot);
    }

    private void SetText(long conversationId, byte[] utf8)
    {
        if (_slots.TryGet(conversationId, out var slot))
        {
            _texts.Set(slot, utf8);
        }
    }

    private void SetSlotMatches(long conversationId, byte[] utf8)
    {
        if (_slots.TryGet(conversationId, out var slot))
        {
            _slotMatches.Set(slot, utf8);
        }
    }

    /// <summary>Clears the slot in every name's set: cheap, as names are few (tens to hundreds) against slots.</summary>
    private void ForgetNames(int slot)
    {
        foreach (var bits in _names.Values)
        {
            bits.Clear(slot);
        }
    }

    private int NewSlot()
    {
        if (_free.TryPop(out var reused))
        {
            return reused;
        }

        if (_end == _slots.Ids.Length)
        {
            Grow(Math.Max(1024, _slots.Ids.Length * 2));
        }

        return _end++;
    }

    private void Grow(int capacity)
    {
        _slots.Grow(capacity);
        Array.Resize(ref _latest, capacity);
        Array.Resize(ref _latestUser, capacity);
        Array.Resize(ref _minimumAction, capacity);
        Array.Resize(ref _minimumIntent, capacity);
        Array.Resize(ref _userMessages, capacity);
        Array.Resize(ref _channel, capacity);
        Array.Resize(ref _assistant, capacity);
        Array.Resize(ref _marks, capacity);
        _texts.Grow(capacity);
        _slotMatches.Grow(capacity);
        _words = (capacity + 63) >> 6;
        foreach (var bits in _names.Values.Append(_live).Append(_training).Append(_flagged))
        {
            bits.Grow(_words);
        }
    }

    /// <summary>The id of a channel or assistant name, -1 for none; ids are never released (names are few).</summary>
    private static int Intern(Dictionary<string, int> ids, string? name)
    {
        if (name is null)
        {
            return -1;
        }

        if (!ids.TryGetValue(name, out var id))
        {
            ids.Add(name, id = ids.Count);
        }

        return id;
    }

    /// <summary>Writes to the index without taking its lock: for a load nobody sees yet, or under the write lock.</summary>
    private sealed class Loader(ListingIndex index) : IListingSink
    {
        public void Upsert(in ListingRow row) => index.Upsert(row);

        public void Remove(long conversationId) => index.Remove(conversationId);

        public void AddName(long conversationId, NameCategory category, string name) => index.AddName(conversationId, category, name);

        public void SetText(long conversationId, byte[] utf8) => index.SetText(conversationId, utf8);

        public void SetSlotMatches(long conversationId, byte[] utf8) => index.SetSlotMatches(conversationId, utf8);
    }
}
