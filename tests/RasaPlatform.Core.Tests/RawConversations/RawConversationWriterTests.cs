using RasaPlatform.Core.Reviews;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using RasaPlatform.Core.RawConversations;
using RasaPlatform.Core.Tags;
using RasaPlatform.Testing;

namespace RasaPlatform.Core.Tests.RawConversations;

public class RawConversationWriterTests
{
    [Fact]
    public async Task Write_APageWithMoreToCome_IsStudiosShapeWithNextOffset()
    {
        var json = await WriteAsync(
            offset: 4,
            new RawConversationCount(7),
            new RawConversationStart("a", [new ConversationTag(3, "bug", "moodbot"), new ConversationTag(1, "ok", "moodbot")]),
            new RawConversationEvent("""{"event":"user","timestamp":1.0,"text":"Grüße \u00e9 😀","x":[1e3, 0.10]}"""),
            new RawConversationEvent("""{"event":"bot","timestamp":2}"""),
            new RawConversationStart("b/ \"quoted\"", [], ReviewStatus.SavedForLater));

        JsonAssert.Equal(
            """
            {"conversations":[
              {"id":"a","conversationEvents":[{"event":"user","timestamp":1.0,"text":"Grüße é 😀","x":[1e3,0.10]},{"event":"bot","timestamp":2}],
               "tags":[{"id":3,"name":"bug","assistantId":"moodbot"},{"id":1,"name":"ok","assistantId":"moodbot"}],"reviewStatus":"unread"},
              {"id":"b/ \"quoted\"","conversationEvents":[],"tags":[],"reviewStatus":"saved_for_later"}],
             "count":7,"next_offset":6}
            """,
            json);

        // Events are passed through byte for byte: escapes and number spellings as stored.
        Assert.Contains("""{"event":"user","timestamp":1.0,"text":"Grüße \u00e9 😀","x":[1e3, 0.10]}""", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 2, false)]
    [InlineData(5, 7, false)]
    [InlineData(4, 7, true)]
    [InlineData(9, 7, false)]
    public async Task Write_NextOffset_OnlyWhileMoreRemain(int offset, long count, bool expected)
    {
        var json = await WriteAsync(offset, new RawConversationCount(count), new RawConversationStart("a", []), new RawConversationStart("b", []));

        using var document = JsonDocument.Parse(json);
        Assert.Equal(count, document.RootElement.GetProperty("count").GetInt64());
        Assert.Equal(expected, document.RootElement.TryGetProperty("next_offset", out var next));
        if (expected)
        {
            Assert.Equal(offset + 2, next.GetInt64());
        }
    }

    [Fact]
    public async Task Write_EmptyPage_IsAnEmptyListWithTheCount() =>
        JsonAssert.Equal("""{"conversations":[],"count":0}""", await WriteAsync(0, new RawConversationCount(0)));

    [Fact]
    public async Task Write_WithoutACount_Fails() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteAsync(0, new RawConversationStart("a", [])));

    [Fact]
    public async Task Write_ManyEvents_ReachTheStreamWhileTheyAreStillBeingRead()
    {
        var output = new MemoryStream();
        var written = new List<long>();
        var @event = $$"""{"event":"user","timestamp":1,"text":"{{new string('x', 1000)}}"}""";

        async IAsyncEnumerable<RawConversationPart> Parts([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new RawConversationCount(1);
            yield return new RawConversationStart("long", []);
            for (var i = 0; i < 2000; i++)
            {
                written.Add(output.Length);
                await Task.Yield();
                yield return new RawConversationEvent(@event);
            }
        }

        await RawConversationWriter.WriteAsync(output, Parts(), 0, CancellationToken.None);

        // Before the last event is read, all but the writer's buffer of what came before is on the stream.
        var before = 1999L * (@event.Length + 1);
        Assert.InRange(written[^1], before - RawConversationWriter.FlushBytes - (2 * @event.Length), before + 100);
        using var document = JsonDocument.Parse(output.ToArray());
        Assert.Equal(2000, document.RootElement.GetProperty("conversations")[0].GetProperty("conversationEvents").GetArrayLength());
    }

    private static async Task<string> WriteAsync(long offset, params RawConversationPart[] parts)
    {
        using var output = new MemoryStream();
        await RawConversationWriter.WriteAsync(output, parts.ToAsyncEnumerable(), offset, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
