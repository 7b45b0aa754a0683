using System.Diagnostics;

namespace RasaPlatform.Benchmarks.Run.Mix;

/// <summary>One reader of the mix: until its time is up, asks the next of the <see cref="Reads"/> in turn, with random arguments.</summary>
/// <remarks>Readers start at different reads, so that all of them are asked at any moment.</remarks>
internal sealed class MixReader(HttpClient client, MixConversations conversations, MixTally tally, int index, ulong seed)
{
    /// <summary>The reads, by kind.</summary>
    public static readonly IReadOnlyList<string> Reads =
    [
        "listing (GET conversations)",
        "listing of an intent",
        "listing of an assistant's flagged",
        "listing of tags (SQL)",
        "tracker (GET tracker)",
        "messages (GET messages)",
        "statistics (GET statistics)",
        "analytics (GET analytics, daily)",
        "assistants (GET assistants)",
        "intents (GET conversationIntents)",
        "tags (GET conversationTags)",
    ];

    private readonly Random _random = new(unchecked((int)seed) + 1000 + index);

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var n = index; Stopwatch.GetElapsedTime(started) < duration && !cancellationToken.IsCancellationRequested; n++)
        {
            var kind = n % Reads.Count;
            using var request = new HttpRequestMessage(HttpMethod.Get, Path(kind));
            await tally.SendAsync(client, Reads[kind], request, cancellationToken).ConfigureAwait(false);
        }
    }

    private string Path(int kind)
    {
        var c = conversations.All[_random.Next(conversations.All.Count)];
        var assistant = Uri.EscapeDataString(c.Assistant);
        return kind switch
        {
            0 => "conversations?limit=20",
            1 => $"conversations?limit=20&intent={Uri.EscapeDataString(Pick(conversations.Intents))}",
            2 => $"conversations?limit=20&assistant={assistant}&is_flagged=true",
            3 => $"conversations?limit=20&tags={Uri.EscapeDataString(Pick(MixTags.Names))}",
            4 => $"conversations/{Uri.EscapeDataString(c.SenderId)}/tracker",
            5 => $"conversations/{Uri.EscapeDataString(c.SenderId)}/messages",
            6 => "statistics?limit=10",
            7 => "analytics?window=1d",
            8 => "assistants",
            9 => "conversationIntents",
            _ => $"conversationTags?assistantName={assistant}",
        };
    }

    private string Pick(IReadOnlyList<string> values) => values[_random.Next(values.Count)];
}
