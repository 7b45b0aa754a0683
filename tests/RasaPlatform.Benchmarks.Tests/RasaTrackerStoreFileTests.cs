using System.Text.Json;
using Microsoft.Data.Sqlite;
using RasaPlatform.Benchmarks.RasaSql;
using RasaPlatform.Core.Import;
using RasaPlatform.Storage.Rasa;

namespace RasaPlatform.Benchmarks.Tests;

/// <summary>
/// The rasa-sql-import benchmark's source: the data set in Rasa's SQLTrackerStore layout, rows interleaved across
/// conversations, which <c>import --from-rasa-sql</c>'s reader gives back conversation by conversation as generated.
/// </summary>
public class RasaTrackerStoreFileTests
{
    [Fact]
    public async Task Prepare_WritesEveryEventOnce_Interleaved_AndTheReaderRegroupsThem()
    {
        var folder = Directory.CreateTempSubdirectory("rasa-tracker-store-file-");
        try
        {
            var ndjson = Path.Combine(folder.FullName, "events.ndjson");
            await File.WriteAllBytesAsync(ndjson, GeneratedData.Small);
            var expected = GeneratedData.Conversations(GeneratedData.Small);

            var path = RasaTrackerStoreFile.Prepare(ndjson, TextWriter.Null);

            await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT sender_id FROM events ORDER BY id";
                var senders = new List<string>();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        senders.Add(reader.GetString(0));
                    }
                }

                Assert.Equal(expected.Sum(c => c.Count), senders.Count);
                var switches = senders.Zip(senders.Skip(1)).Count(p => p.First != p.Second);
                Assert.True(switches > expected.Count * 2, $"rows switch conversation {switches} times for {expected.Count} conversations: not interleaved");
            }

            var read = await RasaSqlTrackerStore.Open($"Data Source={path}").ReadAsync(0, CancellationToken.None).ToListAsync();
            Assert.Equal(
                expected.Select(c => c[0].GetProperty("sender_id").GetString()).Order(StringComparer.Ordinal),
                read.Select(c => c.SenderId).Order(StringComparer.Ordinal));
            foreach (var conversation in read)
            {
                var original = expected.Single(c => c[0].GetProperty("sender_id").GetString() == conversation.SenderId);
                Assert.Equal(original.Select(e => e.GetProperty("timestamp").GetDouble()), conversation.Events.Select(Timestamp));
                Assert.All(conversation.Events, e => Assert.False(JsonDocument.Parse(e).RootElement.TryGetProperty("sender_id", out _)));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static double Timestamp(string json) => JsonDocument.Parse(json).RootElement.GetProperty("timestamp").GetDouble();
}
