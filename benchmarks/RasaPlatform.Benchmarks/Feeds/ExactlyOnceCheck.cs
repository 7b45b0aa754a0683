using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace RasaPlatform.Benchmarks.Feeds;

/// <summary>
/// Whether a conversation's stored events are exactly the events published for it: none missing, none stored twice,
/// in the order published.
/// </summary>
/// <remarks>
/// Events are compared by <see cref="Key(JsonElement)"/>: a hash of the event written compactly without the broker's
/// <c>sender_id</c> (the store drops it) and without <c>is_flagged</c> (<c>GET .../events</c> adds it to messages), every
/// other field in its order and its numbers in their spelling, as the store keeps them.
/// </remarks>
internal static class ExactlyOnceCheck
{
    private static readonly string[] Ignored = [RasaMessage.SenderField, "is_flagged"];

    /// <summary>The key of an event (a message body or a stored event): 128 bits of SHA-256 of its compared form.</summary>
    /// <exception cref="JsonException">Not JSON.</exception>
    public static UInt128 Key(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        return Key(document.RootElement);
    }

    /// <inheritdoc cref="Key(ReadOnlySpan{byte})"/>
    public static UInt128 Key(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().Where(p => !Ignored.Any(p.NameEquals)))
                {
                    property.WriteTo(writer);
                }

                writer.WriteEndObject();
            }
            else
            {
                element.WriteTo(writer);
            }
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    /// <summary>Compares one conversation's stored events with those published for it, both in their order.</summary>
    public static ConversationCheck Compare(IReadOnlyList<UInt128> published, IReadOnlyList<UInt128> stored)
    {
        var balance = new Dictionary<UInt128, int>();
        foreach (var key in published)
        {
            balance[key] = balance.GetValueOrDefault(key) + 1;
        }

        foreach (var key in stored)
        {
            balance[key] = balance.GetValueOrDefault(key) - 1;
        }

        var missing = balance.Values.Where(b => b > 0).Sum();
        var duplicated = balance.Values.Where(b => b < 0).Sum(b => -b);
        return new ConversationCheck(published.Count, stored.Count, missing, duplicated, published.SequenceEqual(stored));
    }
}

/// <summary>One conversation compared.</summary>
/// <param name="Published">Events published for it.</param>
/// <param name="Stored">Events stored.</param>
/// <param name="Missing">Published events not stored (counting multiplicity).</param>
/// <param name="Duplicated">Stored events beyond the times they were published (stored twice, or never published).</param>
/// <param name="InOrder">Whether the stored events are the published ones in the published order.</param>
internal sealed record ConversationCheck(int Published, int Stored, int Missing, int Duplicated, bool InOrder);

/// <summary>Every conversation compared, summed.</summary>
/// <param name="Conversations">Conversations published to.</param>
/// <param name="Published">Events published.</param>
/// <param name="Stored">Events stored in those conversations.</param>
/// <param name="Missing">Published events not stored.</param>
/// <param name="Duplicated">Stored events beyond the times they were published.</param>
/// <param name="OutOfOrder">Conversations stored whole, once, but not in the published order.</param>
internal sealed record ExactlyOnceTally(long Conversations, long Published, long Stored, long Missing, long Duplicated, long OutOfOrder)
{
    public static ExactlyOnceTally Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Every published event stored exactly once.</summary>
    public bool Passed => Missing == 0 && Duplicated == 0;

    public ExactlyOnceTally Add(ConversationCheck c) => new(
        Conversations + 1,
        Published + c.Published,
        Stored + c.Stored,
        Missing + c.Missing,
        Duplicated + c.Duplicated,
        OutOfOrder + (c.Missing == 0 && c.Duplicated == 0 && !c.InOrder ? 1 : 0));
}
