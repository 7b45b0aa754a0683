using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using RasaPlatform.Core.Dumps;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;
using static RasaPlatform.Core.Tests.Dumps.DumpFixture;

namespace RasaPlatform.Core.Tests.Dumps;

/// <summary>The dumps write as they read: output reaches the stream while the events are still being read.</summary>
public class StreamingDumpTests
{
    private const int EventCount = 20_000;

    [Fact]
    public async Task Json_LongConversation_IsWrittenWhileRead_InBoundedChunks()
    {
        var output = new RecordingStream();
        var source = new GeneratedConversation(output);
        var dump = ConversationDump.Open("long", true, new HashSet<double> { 10 }, source.ReadAsync);

        await JsonDumpWriter.WriteAsync(output, dump, CancellationToken.None);

        AssertStreamed(output, source);
        var json = JsonDocument.Parse(output.ToArray()).RootElement;
        var events = json.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(EventCount, events.Count);
        Assert.All(events, e => Assert.Equal(e.GetProperty("timestamp").GetDouble() == 10, e.GetProperty("is_flagged").GetBoolean()));
        Assert.Equal("utter_19998", json.GetProperty("latest_action_name").GetString());
    }

    [Fact]
    public async Task Markdown_LongConversation_IsWrittenWhileRead_InBoundedChunks()
    {
        var output = new RecordingStream();
        var source = new GeneratedConversation(output);
        var dump = ConversationDump.Open("long", true, new HashSet<double> { 10 }, source.ReadAsync);

        await MarkdownDumpWriter.WriteAsync(output, dump, CancellationToken.None);

        AssertStreamed(output, source);
        var markdown = Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal(EventCount, markdown.Split('\n').Count(l => l.StartsWith("| 1970-", StringComparison.Ordinal)));
        Assert.Equal(EventCount / 2, markdown.Split('\n').Count(l => l.StartsWith("    - utter_", StringComparison.Ordinal)));
        Assert.Single(markdown.Split('\n'), l => l.EndsWith("| **flagged** |", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Markdown_SendsItsTitleLine_BeforeReadingAnyEvent()
    {
        var output = new RecordingStream();
        var source = new GeneratedConversation(output);
        var dump = ConversationDump.Open("long", true, new HashSet<double>(), source.ReadAsync);

        await MarkdownDumpWriter.WriteAsync(output, dump, CancellationToken.None);

        var title = "# Debug dump of conversation long\n";
        Assert.Equal(title.Length, source.WrittenAtStart[0]);
        Assert.StartsWith(title + "\n| fact | value |", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    /// <summary>
    /// Every read after the first wrote output while it was still reading (the bytes written when it yielded its last
    /// event exceed those written when it yielded event 1,000), and no single write was large: nothing waited for the
    /// whole conversation.
    /// </summary>
    private static void AssertStreamed(RecordingStream output, GeneratedConversation source)
    {
        Assert.True(source.Reads >= 2, $"reads: {source.Reads}");
        foreach (var (early, late) in source.WrittenAt.Skip(1))
        {
            Assert.True(late > early + 100_000, $"written at event 1,000: {early} bytes; at the last: {late}");
        }

        Assert.True(output.Length > 1_000_000, $"{output.Length} bytes");
        Assert.True(output.LargestWrite <= 64 * 1024, $"largest write: {output.LargestWrite} bytes");
    }

    /// <summary>User and action turns made up as they are read; records the output written at two points of each read.</summary>
    private sealed class GeneratedConversation(RecordingStream output)
    {
        public int Reads { get; private set; }

        public List<(long Early, long Late)> WrittenAt { get; } = [];

        public List<long> WrittenAtStart { get; } = [];

        public async IAsyncEnumerable<StoredEvent> ReadAsync(SequenceRange range, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Reads++;
            WrittenAtStart.Add(output.Length);
            var early = 0L;
            for (var i = (int)Math.Max(0, range.From ?? 0); i < EventCount && i <= (range.Through ?? long.MaxValue); i++)
            {
                await Task.Yield();
                early = i == 1000 ? output.Length : early;
                yield return i % 2 == 0
                    ? Stored(i, "{\"event\":\"user\",\"text\":\"message " + i + " with some words in it\",\"timestamp\":" + i + ",\"parse_data\":{\"intent\":{\"name\":\"intent_" + (i % 7) + "\",\"confidence\":0.5}}}")
                    : Stored(i, $$"""{"event":"action","name":"utter_{{i - 1}}","policy":"policy_1_TEDPolicy","confidence":0.9,"timestamp":{{i}}}""");
            }

            WrittenAt.Add((early, output.Length));
        }
    }

    /// <summary>Keeps what is written asynchronously; refuses synchronous writes, as ASP.NET Core's response body does.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _bytes = new();

        public int LargestWrite { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _bytes.Length;

        public override long Position { get => _bytes.Length; set => throw new NotSupportedException(); }

        public byte[] ToArray() => _bytes.ToArray();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            _bytes.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush() => throw new InvalidOperationException("Synchronous flushes are refused.");

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous writes are refused.");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
