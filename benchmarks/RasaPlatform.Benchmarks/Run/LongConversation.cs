using System.Text.Json;
using RasaPlatform.Benchmarks.Generation;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>One very long conversation: a returning user's sessions, one after another, under one sender id.</summary>
/// <remarks>
/// Built from the generator's own conversations (seed <c>seed + 1</c>, so none is in the main data set): each one is
/// a session (<c>action_session_start</c>, <c>session_started</c>, turns); they are given the one sender id and
/// shifted in time to follow each other an hour apart, and the last is cut to make exactly the count asked for.
/// Deterministic for a seed and count.
/// </remarks>
internal static class LongConversation
{
    /// <summary>The sender id of the 10,000-event conversation the read rows use.</summary>
    public const string SenderId = "bench-long-10k";

    /// <summary>Its number of events.</summary>
    public const int Events = 10_000;

    private const long GapMicros = 3600L * 1_000_000;

    /// <summary>Writes <paramref name="events"/> (1 to 1,000,000) NDJSON events of <paramref name="senderId"/> to <paramref name="output"/>.</summary>
    public static void Write(Stream output, string senderId, int events, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(events, 1_000_000);
        using var json = new Utf8JsonWriter(output, RawJson.CompactWriter);
        var written = 0;
        var previousEnd = long.MinValue;
        foreach (var session in Sessions(events, seed + 1))
        {
            var shift = previousEnd == long.MinValue ? 0 : previousEnd + GapMicros - Micros(session[0]);
            foreach (var e in session.TakeWhile(_ => written < events))
            {
                previousEnd = Micros(e) + shift;
                WriteEvent(json, e, senderId, previousEnd);
                json.Flush();
                json.Reset();
                output.WriteByte((byte)'\n');
                written++;
            }

            if (written == events)
            {
                return;
            }
        }
    }

    /// <summary>The generator's conversations in order, each as its events; enough of them to hold <paramref name="events"/>.</summary>
    private static List<List<JsonElement>> Sessions(int events, ulong seed)
    {
        // Conversations average about 20 events; a quarter of the count in conversations is ample (the first ones
        // do not depend on how many are generated), and a second, larger try covers any unlucky seed.
        foreach (var count in new[] { (events / 4) + 8, (events * 2) + 8 })
        {
            using var buffer = new MemoryStream();
            DatasetGenerator.Generate(buffer, count, seed);
            var sessions = Group(buffer.ToArray());
            if (sessions.Sum(s => s.Count) >= events)
            {
                return sessions;
            }
        }

        throw new InvalidOperationException("The generator wrote fewer events than asked for.");
    }

    private static List<List<JsonElement>> Group(byte[] ndjson)
    {
        var sessions = new List<List<JsonElement>>();
        var sender = "";
        for (ReadOnlyMemory<byte> rest = ndjson; !rest.IsEmpty;)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            var e = JsonSerializer.Deserialize<JsonElement>(line.Span);
            var id = e.GetProperty("sender_id").GetString()!;
            if (id != sender)
            {
                sessions.Add([]);
                sender = id;
            }

            sessions[^1].Add(e);
        }

        return sessions;
    }

    private static long Micros(JsonElement e) => (long)Math.Round(e.GetProperty("timestamp").GetDouble() * 1_000_000);

    /// <summary>The event with <c>sender_id</c> replaced and <c>timestamp</c> set; every other field as it was.</summary>
    private static void WriteEvent(Utf8JsonWriter json, JsonElement e, string senderId, long micros)
    {
        json.WriteStartObject();
        foreach (var property in e.EnumerateObject())
        {
            switch (property.Name)
            {
                case "sender_id":
                    json.WriteString(property.Name, senderId);
                    break;
                case "timestamp":
                    json.WritePropertyName(property.Name);
                    WriteSeconds(json, micros);
                    break;
                default:
                    property.WriteTo(json);
                    break;
            }
        }

        json.WriteEndObject();
    }

    private static void WriteSeconds(Utf8JsonWriter json, long micros)
    {
        Span<byte> digits = stackalloc byte[PythonFloat.MaxLength];
        json.WriteRawValue(digits[..PythonFloat.Format(micros / 1_000_000.0, digits)], skipInputValidation: true);
    }
}
