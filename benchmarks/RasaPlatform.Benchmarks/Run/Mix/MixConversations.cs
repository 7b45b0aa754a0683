using System.Text;
using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Mix;

/// <summary>
/// The imported conversations the writers and readers of the mix work on: per conversation its events as the data set
/// holds them (without <c>sender_id</c>), its message timestamps, its assistant and its intents.
/// </summary>
internal sealed class MixConversations
{
    /// <summary>The assistant of conversations whose events name none: the service's default (<c>Assistants:Default</c>).</summary>
    public const string DefaultAssistant = "default";

    private MixConversations(IReadOnlyList<MixConversation> conversations)
    {
        All = conversations;
        Assistants = [.. All.Select(c => c.Assistant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Intents = [.. All.SelectMany(c => c.Intents).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<MixConversation> All { get; }

    /// <summary>The assistants of <see cref="All"/>, ordinally.</summary>
    public IReadOnlyList<string> Assistants { get; }

    /// <summary>The intents of <see cref="All"/>, ordinally.</summary>
    public IReadOnlyList<string> Intents { get; }

    /// <summary>The first <paramref name="count"/> conversations of the data set <paramref name="path"/> (NDJSON events with <c>sender_id</c>).</summary>
    /// <remarks>The generator writes each conversation's events together, so the file is read only until the next conversation after them.</remarks>
    public static MixConversations Load(string path, int count)
    {
        var conversations = new List<MixConversation>(count);
        var events = new List<JsonElement>();
        string? sender = null;
        foreach (var line in File.ReadLines(path))
        {
            var e = JsonDocument.Parse(line).RootElement;
            var next = e.GetProperty("sender_id").GetString()!;
            if (sender is not null && next != sender)
            {
                conversations.Add(MixConversation.Of(sender, events));
                events.Clear();
                if (conversations.Count == count)
                {
                    break;
                }
            }

            sender = next;
            events.Add(e);
        }

        if (sender is not null && events.Count > 0 && conversations.Count < count)
        {
            conversations.Add(MixConversation.Of(sender, events));
        }

        return new MixConversations(conversations);
    }
}

/// <summary>One conversation of the mix.</summary>
/// <param name="SenderId">Its sender id.</param>
/// <param name="Events">Its events as JSON objects without <c>sender_id</c>, in order.</param>
/// <param name="MessageTimestamps">The timestamps of its user and bot messages, as Unix seconds.</param>
/// <param name="Assistant">The assistant its events name last in <c>metadata.assistant_id</c>, or the default.</param>
/// <param name="Intents">The intents of its user messages.</param>
internal sealed record MixConversation(
    string SenderId, IReadOnlyList<string> Events, IReadOnlyList<double> MessageTimestamps, string Assistant, IReadOnlyList<string> Intents)
{
    /// <summary>Its events as one JSON array: the body of a replacement that restores the conversation as imported.</summary>
    public byte[] Body(int start = 0, int count = int.MaxValue) =>
        Encoding.UTF8.GetBytes("[" + string.Join(',', Events.Skip(start).Take(count)) + "]");

    public static MixConversation Of(string sender, IReadOnlyList<JsonElement> events)
    {
        var json = new List<string>(events.Count);
        var messages = new List<double>();
        var intents = new HashSet<string>(StringComparer.Ordinal);
        var assistant = MixConversations.DefaultAssistant;
        foreach (var e in events)
        {
            json.Add(WithoutSender(e));
            var type = e.GetProperty("event").GetString();
            if (type is "user" or "bot")
            {
                messages.Add(e.GetProperty("timestamp").GetDouble());
            }

            if (type == "user" && e.TryGetProperty("parse_data", out var parse) && parse.ValueKind == JsonValueKind.Object
                && parse.TryGetProperty("intent", out var intent) && intent.ValueKind == JsonValueKind.Object
                && intent.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                intents.Add(name.GetString()!);
            }

            if (e.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("assistant_id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                assistant = id.GetString()!;
            }
        }

        return new MixConversation(sender, json, messages, assistant, [.. intents]);
    }

    private static string WithoutSender(JsonElement e)
    {
        using var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var property in e.EnumerateObject().Where(p => !p.NameEquals("sender_id")))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }
}
