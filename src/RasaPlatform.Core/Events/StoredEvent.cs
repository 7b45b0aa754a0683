using System.Text;
using System.Text.Json;

namespace RasaPlatform.Core.Events;

/// <summary>An event as the store returns it.</summary>
/// <remarks>
/// A store may give the JSON as the UTF-8 it keeps (<see cref="StoredEvent(long, string, double, ReadOnlyMemory{byte}, string?)"/>):
/// <see cref="ParseJson"/> then parses those bytes as they are, and <see cref="Json"/> decodes them only when asked. A
/// catch-up folds millions of events and only parses them: decoding each to a .NET string and the parser encoding it
/// back was a third of reading them. Two events are equal when their fields are, however each was given its JSON.
/// </remarks>
public sealed record StoredEvent
{
    private readonly ReadOnlyMemory<byte> _utf8;
    private string? _json;

    /// <summary>An event whose JSON is a .NET string.</summary>
    /// <param name="sequence">Arrival order within the store: strictly increasing within one conversation.</param>
    /// <param name="type">The event's <c>event</c> field.</param>
    /// <param name="timestamp">Unix seconds.</param>
    /// <param name="json">The event exactly as stored: compact JSON of what was received.</param>
    /// <param name="name">The event's top-level string <c>name</c>, as the store indexed it; null when it has none or the
    /// source did not say (readers then look in <paramref name="json"/>).</param>
    public StoredEvent(long sequence, string type, double timestamp, string json, string? name = null)
    {
        Sequence = sequence;
        Type = type;
        Timestamp = timestamp;
        _json = json;
        Name = name;
    }

    /// <summary>An event whose JSON is UTF-8 as the store keeps it; the event holds <paramref name="utf8Json"/> without copying it.</summary>
    /// <param name="sequence">Arrival order within the store: strictly increasing within one conversation.</param>
    /// <param name="type">The event's <c>event</c> field.</param>
    /// <param name="timestamp">Unix seconds.</param>
    /// <param name="utf8Json">The event exactly as stored, UTF-8 encoded; not empty.</param>
    /// <param name="name">The event's top-level string <c>name</c>, as the store indexed it; null when it has none.</param>
    public StoredEvent(long sequence, string type, double timestamp, ReadOnlyMemory<byte> utf8Json, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(utf8Json.Length, nameof(utf8Json));
        Sequence = sequence;
        Type = type;
        Timestamp = timestamp;
        _utf8 = utf8Json;
        Name = name;
    }

    /// <summary>Arrival order within the store: strictly increasing within one conversation.</summary>
    public long Sequence { get; init; }

    /// <summary>The event's <c>event</c> field.</summary>
    public string Type { get; init; }

    /// <summary>Unix seconds.</summary>
    public double Timestamp { get; init; }

    /// <summary>The event exactly as stored: compact JSON of what was received.</summary>
    public string Json
    {
        // Decoded once on first use; two threads racing here decode the same string.
        get => _json ??= Encoding.UTF8.GetString(_utf8.Span);
        init
        {
            _json = value;
            _utf8 = default;
        }
    }

    /// <summary>
    /// The event's top-level string <c>name</c>, as the store indexed it; null when it has none or the source did not
    /// say (readers then look in <see cref="Json"/>).
    /// </summary>
    public string? Name { get; init; }

    /// <summary>Parses the event's JSON: the store's UTF-8 as it is when it gave that, else <see cref="Json"/>.</summary>
    /// <returns>The parsed document, which the caller disposes.</returns>
    public JsonDocument ParseJson() => _utf8.IsEmpty ? JsonDocument.Parse(Json) : JsonDocument.Parse(_utf8);

    public bool Equals(StoredEvent? other) =>
        other is not null
        && Sequence == other.Sequence
        && string.Equals(Type, other.Type, StringComparison.Ordinal)
        && Timestamp.Equals(other.Timestamp)
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && (!_utf8.IsEmpty && !other._utf8.IsEmpty
            ? _utf8.Span.SequenceEqual(other._utf8.Span)
            : string.Equals(Json, other.Json, StringComparison.Ordinal));

    public override int GetHashCode() => HashCode.Combine(Sequence, Type, Timestamp, Name);
}
