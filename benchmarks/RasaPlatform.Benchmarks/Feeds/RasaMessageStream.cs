using System.Text;

namespace RasaPlatform.Benchmarks.Feeds;

/// <summary>
/// The data set's events as a live Rasa publishes them: <see cref="Live"/> conversations at a time, one event of each
/// in turn, a finished conversation's place taken by the next one of the data set.
/// </summary>
/// <remarks>
/// The data set's NDJSON lines are already Rasa's message bodies (<c>sender_id</c> first) and each conversation's
/// lines are contiguous, in order. The interleaving is deterministic: a second stream over the same lines yields the
/// same messages in the same order, which is how the exactly-once check knows what was published without keeping it.
/// </remarks>
internal sealed class RasaMessageStream : IDisposable
{
    /// <summary>Conversations in progress at once unless the caller says otherwise.</summary>
    public const int DefaultLive = 1_000;

    private readonly IEnumerator<string> _lines;
    private readonly List<(string SenderId, Queue<byte[]> Events)> _active = [];
    private RasaMessage? _lookahead;
    private bool _linesLeft;
    private int _next;

    /// <param name="lines">NDJSON message bodies, each conversation's contiguous.</param>
    /// <param name="live">Conversations in progress at once.</param>
    public RasaMessageStream(IEnumerable<string> lines, int live = DefaultLive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(live, 1);
        Live = live;
        _lines = lines.GetEnumerator();
        _linesLeft = true;
    }

    /// <summary>Conversations in progress at once.</summary>
    public int Live { get; }

    /// <summary>Messages taken so far.</summary>
    public long Taken { get; private set; }

    /// <summary>A stream over the NDJSON file at <paramref name="path"/>.</summary>
    public static RasaMessageStream Open(string path, int live = DefaultLive) => new(File.ReadLines(path), live);

    /// <summary>The next message; false when the data set is used up.</summary>
    public bool TryNext(out RasaMessage message)
    {
        while (_active.Count < Live && NextConversation() is { } conversation)
        {
            _active.Add(conversation);
        }

        if (_active.Count == 0)
        {
            message = null!;
            return false;
        }

        if (_next >= _active.Count)
        {
            _next = 0;
        }

        var (senderId, events) = _active[_next];
        message = new RasaMessage(senderId, events.Dequeue());
        if (events.Count == 0)
        {
            // The next conversation in turn moves into this place; a new one joins at the end.
            _active.RemoveAt(_next);
        }
        else
        {
            _next++;
        }

        Taken++;
        return true;
    }

    public void Dispose() => _lines.Dispose();

    /// <summary>Every event of the data set's next conversation, or null at its end.</summary>
    private (string, Queue<byte[]>)? NextConversation()
    {
        var first = _lookahead ?? ReadLine();
        if (first is null)
        {
            return null;
        }

        var events = new Queue<byte[]>();
        events.Enqueue(first.Body);
        _lookahead = null;
        while (ReadLine() is { } line)
        {
            if (!string.Equals(line.SenderId, first.SenderId, StringComparison.Ordinal))
            {
                _lookahead = line;
                break;
            }

            events.Enqueue(line.Body);
        }

        return (first.SenderId, events);
    }

    private RasaMessage? ReadLine()
    {
        while (_linesLeft && (_linesLeft = _lines.MoveNext()))
        {
            if (_lines.Current.Length > 0)
            {
                var body = Encoding.UTF8.GetBytes(_lines.Current);
                return new RasaMessage(RasaMessage.SenderOf(body), body);
            }
        }

        return null;
    }
}
