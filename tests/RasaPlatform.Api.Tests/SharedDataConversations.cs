using System.Text.Json;
using RasaPlatform.Testing;

namespace RasaPlatform.Api.Tests;

/// <summary>The conversations held by the files in shared/data, as (file, sender id, events).</summary>
public static class SharedDataConversations
{
    public static IEnumerable<(string File, string SenderId, JsonElement Events)> All()
    {
        foreach (var file in SharedData.AllFiles())
        {
            var root = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf(file))).RootElement;
            var records = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
            foreach (var record in records)
            {
                var tracker = record.TryGetProperty("tracker", out var t) ? t : record;
                var senderId = tracker.TryGetProperty("sender_id", out var s) && s.ValueKind == JsonValueKind.String
                    ? s.GetString()!
                    : record.GetProperty("_id").GetString()!;
                yield return (file, senderId, tracker.GetProperty("events"));
            }
        }
    }
}
