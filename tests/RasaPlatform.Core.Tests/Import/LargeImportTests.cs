using System.Globalization;
using System.Text;

namespace RasaPlatform.Core.Tests.Import;

/// <summary>A generated NDJSON file many buffers and batches long.</summary>
/// <remarks>Takes about 10 s, nearly all of it in the SQLite store's write path (about 20k events/s on 2 cores).</remarks>
public class LargeImportTests
{
    private const int Events = 200_000;
    private const int Senders = 20;
    private const int BadLine = 150_001;

    [Fact]
    public async Task RunAsync_200kNdjsonEvents_StoresAllAndCountsLinesAcrossBuffers()
    {
        await using var fixture = await ImportFixture.CreateAsync();
        var path = Path.Combine(fixture.Folder, "large.ndjson");
        await WriteEventsAsync(path);

        var summary = await fixture.ImportAsync(path);

        Assert.Equal(Events - 1, summary.EventsStored);
        Assert.Equal((Senders, 1L), (summary.Conversations, summary.Rejected));
        Assert.Equal(BadLine, Assert.Single(summary.Errors).Line);
        Assert.Equal(Events / Senders, (await fixture.StoredJsonAsync("sender-7")).Count);
    }

    private static async Task WriteEventsAsync(string path)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        for (var i = 0; i < Events; i++)
        {
            var line = i + 1 == BadLine
                ? """{"event":"user","timestamp":oops}"""
                : string.Create(CultureInfo.InvariantCulture, $$"""{"sender_id":"sender-{{i % Senders}}","event":"user","timestamp":{{1_700_000_000 + (i * 0.001):0.000}},"text":"message {{i}}","parse_data":{"intent":{"name":"greet","confidence":0.98},"entities":[]},"input_channel":"rest"}""");
            await writer.WriteLineAsync(line);
        }
    }
}
