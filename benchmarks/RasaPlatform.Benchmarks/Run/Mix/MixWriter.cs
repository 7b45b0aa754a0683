using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using NodaTime;
using RasaPlatform.Benchmarks.Run.Listing;

namespace RasaPlatform.Benchmarks.Run.Mix;

/// <summary>
/// One writer of the mix: until its time is up, picks a conversation of the working set and a write to it by weight.
/// </summary>
/// <remarks>
/// Appends are three of the conversation's own events stamped with the time they are sent, as a live assistant's turn
/// is (<see cref="FreshnessTurns.Stamped"/>): they keep the conversation's assistant and names, and all land in the
/// current quarter hour, hour and day. A replacement puts the conversation back as imported, and so also brings a
/// deleted one back. Flags name messages of the imported events; tags are the assistant's (<see cref="MixTags"/>).
/// Writes to a conversation deleted meanwhile answer 404, which the table counts as 4xx.
/// </remarks>
internal sealed class MixWriter(HttpClient client, MixConversations conversations, MixTags tags, MixTally tally, int index, ulong seed)
{
    /// <summary>The writes and their weights, out of their sum.</summary>
    public static readonly IReadOnlyList<(string Kind, int Weight)> Writes =
    [
        ("append (POST tracker/events)", 35),
        ("replace (PUT tracker)", 10),
        ("flag (PUT messages/{ts})", 12),
        ("unflag (DELETE messages/{ts})", 8),
        ("tag (PUT tags/{id})", 12),
        ("untag (DELETE tags/{id})", 8),
        ("create tag (POST conversationTags)", 2),
        ("delete one (DELETE conversations/{id})", 6),
        ("delete a list of 3 (POST conversations/delete)", 7),
    ];

    private static readonly int TotalWeight = Writes.Sum(w => w.Weight);

    private readonly Random _random = new(unchecked((int)seed) + index);
    private long _created;

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration && !cancellationToken.IsCancellationRequested)
        {
            var kind = Pick();
            using var request = Request(kind, conversations.All[_random.Next(conversations.All.Count)]);
            await tally.SendAsync(client, Writes[kind].Kind, request, cancellationToken).ConfigureAwait(false);
        }
    }

    private int Pick()
    {
        var roll = _random.Next(TotalWeight);
        for (var i = 0; ; i++)
        {
            roll -= Writes[i].Weight;
            if (roll < 0)
            {
                return i;
            }
        }
    }

    private HttpRequestMessage Request(int kind, MixConversation c)
    {
        var sender = Uri.EscapeDataString(c.SenderId);
        return kind switch
        {
            0 => Json(HttpMethod.Post, $"conversations/{sender}/tracker/events", Turn(c)),
            1 => Json(HttpMethod.Put, $"conversations/{sender}/tracker", c.Body()),
            2 => new HttpRequestMessage(HttpMethod.Put, $"conversations/{sender}/messages/{Message(c)}"),
            3 => new HttpRequestMessage(HttpMethod.Delete, $"conversations/{sender}/messages/{Message(c)}"),
            4 => new HttpRequestMessage(HttpMethod.Put, $"conversations/{sender}/tags/{tags.Pick(c.Assistant, _random)}"),
            5 => new HttpRequestMessage(HttpMethod.Delete, $"conversations/{sender}/tags/{tags.Pick(c.Assistant, _random)}"),
            6 => CreateTag(c.Assistant),
            7 => new HttpRequestMessage(HttpMethod.Delete, $"conversations/{sender}"),
            _ => new HttpRequestMessage(HttpMethod.Post, "conversations/delete")
            {
                Content = JsonContent.Create(new { conversation_ids = new[] { c.SenderId, Other(), Other() } }),
            },
        };
    }

    /// <summary>Three consecutive events of the conversation, stamped now.</summary>
    private byte[] Turn(MixConversation c)
    {
        var start = _random.Next(Math.Max(1, c.Events.Count - 2));
        var now = SystemClock.Instance.GetCurrentInstant().ToUnixTimeTicks() / (double)NodaConstants.TicksPerSecond;
        return FreshnessTurns.Stamped(c.Body(start, 3), now);
    }

    /// <summary>A message timestamp of the imported conversation, printed to round-trip (or 0 when it has none: a 404).</summary>
    private string Message(MixConversation c) => c.MessageTimestamps.Count == 0
        ? "0"
        : c.MessageTimestamps[_random.Next(c.MessageTimestamps.Count)].ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Creates a tag of a name of this writer's own; links go to the tags made before the mix only.</summary>
    private HttpRequestMessage CreateTag(string assistant)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"mix-writer{index}-{_created++}");
        return new HttpRequestMessage(HttpMethod.Post, "conversationTags") { Content = JsonContent.Create(new { assistantName = assistant, name }) };
    }

    private string Other() => conversations.All[_random.Next(conversations.All.Count)].SenderId;

    private static HttpRequestMessage Json(HttpMethod method, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(method, path) { Content = content };
    }
}
