using System.Text.Json;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;

namespace RasaPlatform.Storage.Tests.Infrastructure;

/// <summary>Builds events and writes the way the service does: through <see cref="EventNormalizer"/>.</summary>
public static class TestEvents
{
    private static readonly Instant Received = Instant.FromUnixTimeSeconds(1_700_000_000);

    public static IncomingEvent Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return EventNormalizer.Normalize(document.RootElement, Received, "event");
    }

    /// <summary>A user event at <paramref name="timestamp"/> saying <paramref name="text"/>.</summary>
    public static IncomingEvent User(double timestamp, string text) =>
        Parse(JsonSerializer.Serialize(new { @event = "user", timestamp, text }));

    public static ConversationWrite Append(string senderId, params IncomingEvent[] events) => new(senderId, WriteMode.Append, events);

    public static ConversationWrite Replace(string senderId, params IncomingEvent[] events) => new(senderId, WriteMode.Replace, events);

    /// <summary>A sender id no other test uses.</summary>
    public static string NewSender(string label) => $"{label}-{Guid.NewGuid():N}";
}
