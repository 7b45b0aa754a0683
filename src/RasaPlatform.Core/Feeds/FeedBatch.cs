using System.Text;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Conversations;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Core.Feeds;

/// <summary>The broker messages of one commit: each valid one an append of its own, each invalid one a reject.</summary>
/// <remarks>
/// One append per message, not one per conversation: the store's duplicate rule counts multiplicity within an append,
/// so a message delivered twice in one batch (a redelivery, Rasa publishing again) must be two appends to be stored
/// once. The appends keep the messages' order, which is the order Rasa published them in.
/// </remarks>
public sealed class FeedBatch(string feed)
{
    private readonly List<ConversationWrite> _writes = [];
    private readonly List<FeedReject> _rejects = [];

    /// <summary>The feed the batch belongs to.</summary>
    public string Feed { get; } = feed;

    /// <summary>Messages added: stored or rejected.</summary>
    public int Messages => _writes.Count + _rejects.Count;

    /// <summary>The appends, one per valid message, in the order added.</summary>
    public IReadOnlyList<ConversationWrite> Writes => _writes;

    /// <summary>The refused messages.</summary>
    public IReadOnlyList<FeedReject> Rejects => _rejects;

    /// <summary>Reads a message body; a valid one becomes an append, an invalid one a reject.</summary>
    /// <param name="body">The message, as <see cref="BrokerMessage"/> describes it.</param>
    /// <param name="source">Where it came from, kept with a reject.</param>
    /// <param name="receivedAt">When it was received; stamped on an event without <c>timestamp</c>.</param>
    /// <returns>Whether the message was valid.</returns>
    public bool Add(ReadOnlyMemory<byte> body, string source, Instant receivedAt)
    {
        try
        {
            var (senderId, e) = BrokerMessage.Parse(body, receivedAt);
            _writes.Add(new ConversationWrite(senderId, WriteMode.Append, [e]));
            return true;
        }
        catch (InvalidEventException e)
        {
            _rejects.Add(Reject(body.Span, source, e, receivedAt));
            return false;
        }
    }

    /// <summary>Adds a message refused elsewhere (the store refusing its event).</summary>
    public void Reject(FeedReject reject) => _rejects.Add(reject);

    /// <summary>What the store records with the batch's events.</summary>
    public FeedProgress Progress(long? position) => new(Feed, position, _rejects);

    private static FeedReject Reject(ReadOnlySpan<byte> body, string source, InvalidEventException e, Instant receivedAt)
    {
        // The text is for people reading the reject: lossy where the bytes are not UTF-8, without NUL (which PostgreSQL's
        // text refuses), cut to a size a listing can show.
        var text = Encoding.UTF8.GetString(body).Replace("\0", string.Empty, StringComparison.Ordinal);
        if (text.Length > FeedReject.MaxBodyLength)
        {
            var cut = char.IsHighSurrogate(text[FeedReject.MaxBodyLength - 1]) ? FeedReject.MaxBodyLength - 1 : FeedReject.MaxBodyLength;
            text = text[..cut];
        }

        return new FeedReject(source, SenderOf(body), e.Field, e.Message, text, ContentHash.Of(body), receivedAt);
    }

    /// <summary>The sender id a refused message names, when it names a valid one: so a deletion of that conversation finds it.</summary>
    private static string? SenderOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(BrokerMessage.SenderField, out var sender)
                && sender.TryGetText(out var text))
            {
                SenderIds.Validate(text);
                return text;
            }

            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidEventException)
        {
            return null;
        }
    }
}
