using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using RasaPlatform.Core.Events;
using RasaPlatform.Core.Feeds;
using RasaPlatform.Core.Storage;
using RasaPlatform.Testing;
using RasaPlatform.Testing.PostgreSql;
using RasaPlatform.Testing.RabbitMq;
using Xunit.Abstractions;

namespace RasaPlatform.Api.Tests;

/// <summary>The broker's tests run one at a time: one of them restarts it.</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqBroker
{
    public const string Name = "RabbitMQ broker";
}

/// <summary>
/// The feed from Rasa's Pika event broker, against a real RabbitMQ: real messages in Rasa's format (moodbot's
/// events, REFERENCE.md §9) through a real exchange and queue into the real service.
/// </summary>
[Collection(RabbitMqBroker.Name)]
public sealed class RabbitMqFeedTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [RabbitMqFact]
    public async Task RasaMessages_AreStoredOnce_InPublishOrder_AsRasaStoresThem_AndReported()
    {
        await using var publisher = await RasaPublisher.CreateAsync("stored");
        using var metrics = new MetricsRecorder();
        using var factory = new SqliteApiFactory { Settings = FeedSettings(publisher) };
        var client = factory.CreateClient();
        var moodbot = Moodbot();
        var senders = new[] { Sender("a"), Sender("b") };

        // Interleaved as two live conversations publish; every event of b is published twice, as a republish would.
        foreach (var e in moodbot)
        {
            await publisher.PublishAsync(senders[0], e);
            await publisher.PublishAsync(senders[1], e);
            await publisher.PublishAsync(senders[1], e, environment: null);
        }

        var store = factory.Services.GetRequiredService<IConversationStore>();
        foreach (var sender in senders)
        {
            await Until(async () => (await store.FindAsync(sender, CancellationToken.None))?.EventCount == moodbot.Count, $"{sender} stored");
            var stored = await store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).Select(e => e.Json).ToListAsync();
            Assert.Equal(moodbot.Select(StoredForm), stored);
        }

        // Listed by the metadata job like any write, and the feed's state everywhere an operator looks.
        await Until(async () => (await client.GetFromJsonAsync<JsonElement>("/api/conversations?limit=10")).GetArrayLength() == 2, "both listed");
        var feed = await FeedAsync(client, publisher.Queue);
        Assert.Equal(("rabbitmq", "connected", (long)moodbot.Count * 3, (long)moodbot.Count * 2, (long)moodbot.Count), (
            feed.GetProperty("kind").GetString(), feed.GetProperty("state").GetString(), feed.GetProperty("messages").GetInt64(),
            feed.GetProperty("events_stored").GetInt64(), feed.GetProperty("duplicates").GetInt64()));
        Assert.Equal(JsonValueKind.Null, feed.GetProperty("last_error").ValueKind);
        var ready = await factory.CreateClientWith(null).GetFromJsonAsync<JsonElement>("/api/health/ready");
        Assert.Equal("ok", ready.GetProperty("status").GetString());
        Assert.Contains(ready.GetProperty("feeds").EnumerateArray(), f => f.GetProperty("name").GetString() == RabbitName(publisher) && f.GetProperty("state").GetString() == "connected");
        Assert.Equal(moodbot.Count * 2, metrics.Sum("rasaplatform.feed.events", RabbitName(publisher)));
        Assert.Equal(1, metrics.Last("rasaplatform.feed.connected", RabbitName(publisher)));
        await Until(async () => await publisher.ReadyAsync() == 0, "queue drained");
    }

    [RabbitMqFact]
    public async Task PoisonMessages_AreRejectedWithTheirReason_AndNeverBlockTheQueue()
    {
        await using var publisher = await RasaPublisher.CreateAsync("poison");
        using var factory = new SqliteApiFactory { Settings = FeedSettings(publisher) };
        var client = factory.CreateClient();
        var sender = Sender("after-poison");
        await publisher.PublishRawAsync("not json at all"u8.ToArray());
        await publisher.PublishRawAsync("""{"event":"user","timestamp":1700000000,"text":"whose?"}"""u8.ToArray());
        await publisher.PublishAsync(sender, """{"event":"user","timestamp":"yesterday","text":"when?"}""");
        await publisher.PublishRawAsync([0xFF, 0xFE, 0x00]);
        await publisher.PublishAsync(sender, """{"event":"user","timestamp":1700000001,"text":"still here"}""");

        var store = factory.Services.GetRequiredService<IConversationStore>();
        await Until(async () => (await store.FindAsync(sender, CancellationToken.None))?.EventCount == 1, "the good message stored");
        await Until(async () => (await FeedAsync(client, publisher.Queue)).GetProperty("rejected_stored").GetInt64() == 4, "four rejects kept");

        var rejects = (await client.GetFromJsonAsync<JsonElement>($"/api/admin/feeds/rejects?feed={Uri.EscapeDataString(RabbitName(publisher))}"))
            .GetProperty("rejects").EnumerateArray().ToList();
        Assert.Equal(["message", "message.timestamp", "sender_id", "message"], rejects.Select(r => r.GetProperty("field").GetString()));
        Assert.Equal(sender, rejects[1].GetProperty("sender_id").GetString());
        Assert.Equal("not json at all", rejects[3].GetProperty("body").GetString());
        Assert.All(rejects, r => Assert.Equal("queue " + publisher.Queue, r.GetProperty("source").GetString()));
        await Until(async () => await publisher.ReadyAsync() == 0, "queue drained");

        var tooMany = await client.GetAsync(new Uri("/api/admin/feeds/rejects?limit=1001", UriKind.Relative));
        await ProblemAssert.IsAsync(tooMany, HttpStatusCode.BadRequest, "limit");
    }

    [RabbitMqFact]
    public async Task BrokerRestart_TheFeedReportsItAndReconnects_AndEveryEventIsStoredOnce()
    {
        await using var publisher = await RasaPublisher.CreateAsync("restart");
        using var factory = new SqliteApiFactory { Settings = FeedSettings(publisher) };
        var client = factory.CreateClient();
        var anonymous = factory.CreateClientWith(null);
        var sender = Sender("restart");
        var events = Numbered(200);
        foreach (var e in events[..100])
        {
            await publisher.PublishAsync(sender, e);
        }

        var store = factory.Services.GetRequiredService<IConversationStore>();
        await Until(async () => (await store.FindAsync(sender, CancellationToken.None))?.EventCount == 100, "the first half stored");

        var restart = RabbitMqServer.RestartAsync(down: TimeSpan.FromSeconds(4));
        await Until(async () => (await FeedAsync(client, publisher.Queue)).GetProperty("state").GetString() == "reconnecting", "the feed reports the broker gone");
        var degraded = await anonymous.GetFromJsonAsync<JsonElement>("/api/health/ready");
        Assert.Equal("degraded", degraded.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, (await FeedAsync(client, publisher.Queue)).GetProperty("last_error").ValueKind);
        await restart;

        await publisher.ReconnectAsync();
        foreach (var e in events[100..])
        {
            await publisher.PublishAsync(sender, e);
        }

        await Until(async () => (await store.FindAsync(sender, CancellationToken.None))?.EventCount == 200, "every event stored after the restart");
        await Until(async () => (await FeedAsync(client, publisher.Queue)).GetProperty("state").GetString() == "connected", "connected again");
        var stored = await store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).Select(e => e.Json).ToListAsync();
        Assert.Equal(events.Select(StoredForm), stored);
        Assert.Equal("ok", (await anonymous.GetFromJsonAsync<JsonElement>("/api/health/ready")).GetProperty("status").GetString());
    }

    [RabbitMqFact]
    public async Task CommittedButNotAcknowledged_TheBatchIsDeliveredAgain_AndSkippedAsStored()
    {
        await using var publisher = await RasaPublisher.CreateAsync("unacked");
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connectionsClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var factory = new SqliteApiFactory
        {
            Settings = FeedSettings(publisher),

            // The first commit holding events returns only once the broker has dropped every connection: the batch is
            // in the store, and its acknowledgement cannot reach the broker.
            TestServices = services => services.DecorateFeedStore(async () =>
            {
                committed.TrySetResult();
                await connectionsClosed.Task;
            }),
        };
        var client = factory.CreateClient();
        var sender = Sender("unacked");
        var events = Numbered(40);
        foreach (var e in events)
        {
            await publisher.PublishAsync(sender, e);
        }

        await committed.Task.WaitAsync(Patience);
        await RabbitMqServer.CloseAllConnectionsAsync();
        connectionsClosed.TrySetResult();

        var store = factory.Services.GetRequiredService<IConversationStore>();
        await Until(async () => (await FeedAsync(client, publisher.Queue)).GetProperty("duplicates").GetInt64() > 0, "the batch delivered again and skipped");
        await Until(async () => (await store.FindAsync(sender, CancellationToken.None))?.EventCount == events.Count, "every event stored");
        await publisher.ReconnectAsync();
        await Until(async () => await publisher.ReadyAsync() == 0, "nothing left in the queue");
        var stored = await store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).Select(e => e.Json).ToListAsync();
        Assert.Equal(events.Select(StoredForm), stored);
    }

    [RabbitMqFact]
    public async Task KilledMidStream_AndStartedAgain_EveryPublishedEventIsStoredExactlyOnce()
    {
        await using var publisher = await RasaPublisher.CreateAsync("kill");
        var directory = Directory.CreateTempSubdirectory("rasaplatform-feed-kill-").FullName;
        try
        {
            var path = Path.Combine(directory, "api.db");
            string[] settings = ["--Storage:Provider=Sqlite", $"--Storage:Sqlite:Path={path}", .. FeedSettings(publisher).Select(s => $"--{s.Key}={s.Value}")];
            var token = await ApiProcess.CreateTokenAsync(settings, directory);
            await using var service = ApiProcess.Start("feed", settings, directory, token);
            await service.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(60));

            // Ten conversations published in turn while the service consumes; it is killed once a part is stored.
            var senders = Enumerable.Range(0, 10).Select(i => Sender($"kill{i}")).ToList();
            var events = Numbered(300);
            var publishing = Task.Run(async () =>
            {
                foreach (var e in events)
                {
                    foreach (var sender in senders)
                    {
                        await publisher.PublishAsync(sender, e);
                    }
                }
            });
            await Until(async () => (await StoredAsync(service.Client, senders[^1])) >= 60, "a part stored before the kill");
            service.Kill();
            output.WriteLine($"killed with {await publisher.ReadyAsync()} messages ready");
            await publishing;

            service.Restart();
            await service.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(60));
            foreach (var sender in senders)
            {
                await Until(async () => await StoredAsync(service.Client, sender) >= events.Count, $"{sender} complete", TimeSpan.FromSeconds(60));
                // Each event once, in the order published (the events endpoint writes them in its own form: compare texts).
                var stored = (await service.Client.GetFromJsonAsync<JsonElement>($"/api/conversations/{sender}/events")).EnumerateArray()
                    .Select(e => e.GetProperty("text").GetString()).ToList();
                Assert.Equal(events.Select((_, i) => $"message {i}"), stored);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [RabbitMqFact]
    [Trait("Store", "PostgreSql")]
    public async Task TwoInstances_OneConsumesTheOtherStandsBy_AndTakesOverWhenItGoes()
    {
        Assert.Null(PostgreSqlServer.SkipReason);
        await using var publisher = await RasaPublisher.CreateAsync("standby");
        var schema = "test_api_feed_" + Guid.NewGuid().ToString("N")[..8];
        // The instance that goes does not own the schema; the one that stays drops it at the end.
        var second = new PostgreSqlApiFactory(schema, ownsSchema: false) { Settings = FeedSettings(publisher) };
        var secondClient = second.CreateClient();
        await Until(async () => (await FeedAsync(secondClient, publisher.Queue)).GetProperty("state").GetString() == "connected", "the first instance consumes");
        using var first = new PostgreSqlApiFactory(schema, ownsSchema: true) { Settings = FeedSettings(publisher) };
        var firstClient = first.CreateClient();
        await Until(async () => (await FeedAsync(firstClient, publisher.Queue)).GetProperty("state").GetString() == "standby", "the second stands by");

        var sender = Sender("standby");
        var events = Numbered(100);
        foreach (var e in events[..50])
        {
            await publisher.PublishAsync(sender, e);
        }

        var store = first.Services.GetRequiredService<IConversationStore>();
        await Until(async () => (await store.FindAsync(sender, CancellationToken.None))?.EventCount == 50, "stored by the consuming instance");

        // The consuming instance goes; the one standing by takes the queue over.
        second.Dispose();
        await Until(async () => (await FeedAsync(firstClient, publisher.Queue)).GetProperty("state").GetString() == "connected", "the standby takes over");
        foreach (var e in events[50..])
        {
            await publisher.PublishAsync(sender, e);
        }

        await Until(async () => (await store.FindAsync(sender, CancellationToken.None))?.EventCount == 100, "stored by the instance that took over");
        var stored = await store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).Select(e => e.Json).ToListAsync();
        Assert.Equal(events.Select(StoredForm), stored);
    }

    [RabbitMqFact]
    [Trait("Store", "PostgreSql")]
    public async Task TwoInstances_SharingTheQueue_StoreEveryEventOnce()
    {
        Assert.Null(PostgreSqlServer.SkipReason);
        await using var publisher = await RasaPublisher.CreateAsync("shared");
        var settings = new Dictionary<string, string?>(FeedSettings(publisher)) { ["Feeds:RabbitMq:ExclusiveConsumer"] = "false", ["Feeds:RabbitMq:Prefetch"] = "20" };
        var schema = "test_api_feed_" + Guid.NewGuid().ToString("N")[..8];
        using var one = new PostgreSqlApiFactory(schema, ownsSchema: true) { Settings = settings };
        using var two = new PostgreSqlApiFactory(schema, ownsSchema: false) { Settings = settings };
        var clients = await Task.WhenAll(Task.Run(one.CreateClient), Task.Run(two.CreateClient));
        foreach (var client in clients)
        {
            await Until(async () => (await FeedAsync(client, publisher.Queue)).GetProperty("state").GetString() == "connected", "both consume");
        }

        // Each conversation's events go to both instances in turn, some twice (republished).
        var senders = Enumerable.Range(0, 5).Select(i => Sender($"shared{i}")).ToList();
        var events = Numbered(200);
        foreach (var sender in senders)
        {
            foreach (var e in events.Concat(events[..20]))
            {
                await publisher.PublishAsync(sender, e);
            }
        }

        var store = one.Services.GetRequiredService<IConversationStore>();
        foreach (var sender in senders)
        {
            await Until(async () => (await store.FindAsync(sender, CancellationToken.None))?.EventCount >= events.Count, $"{sender} stored");
            var stored = await store.ReadEventsAsync(sender, EventQuery.All, CancellationToken.None).Select(e => e.Json).ToListAsync();
            Assert.Equal(events.Select(StoredForm).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        }

        // Every message was committed by one instance or the other (a count may lag its commit by a moment).
        var messages = new List<long>();
        await Until(
            async () =>
            {
                messages = [];
                foreach (var client in clients)
                {
                    messages.Add((await FeedAsync(client, publisher.Queue)).GetProperty("messages").GetInt64());
                }

                return messages.Sum() == senders.Count * (events.Count + 20);
            },
            "every message counted once");
        Assert.All(messages, m => Assert.True(m > 0, $"an instance consumed nothing: {string.Join(", ", messages)}"));
    }

    private static Dictionary<string, string?> FeedSettings(RasaPublisher publisher) => new()
    {
        ["Feeds:RabbitMq:Uri"] = RabbitMqServer.Uri,
        ["Feeds:RabbitMq:Exchange"] = publisher.Exchange,
        ["Feeds:RabbitMq:Queues"] = publisher.Queue,
        ["Feeds:RabbitMq:StandbyRetry"] = "00:00:00.5",
    };

    private static string RabbitName(RasaPublisher publisher) => "rabbitmq:" + publisher.Queue;

    private static string Sender(string label) => $"feed-{label}-{Guid.NewGuid():N}"[..32];

    /// <summary>Moodbot's events, as a real Rasa publishes them.</summary>
    private static List<string> Moodbot()
    {
        using var tracker = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf("rasa/tracker_moodbot.json")));
        return [.. tracker.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetRawText())];
    }

    /// <summary>Distinct user events with increasing timestamps.</summary>
    private static List<string> Numbered(int count) =>
        [.. Enumerable.Range(0, count).Select(i => $$"""{"event":"user","timestamp":{{1_700_000_000 + i}}.5,"text":"message {{i}}","parse_data":{"intent":{"name":"greet","confidence":0.9}""" + "}}")];

    /// <summary>What the store keeps for an event, as for a tracker PUT: no <c>sender_id</c>.</summary>
    private static string StoredForm(string eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        return EventNormalizer.Normalize(document.RootElement, Instant.FromUnixTimeSeconds(0), "event").Json;
    }

    private static async Task<JsonElement> FeedAsync(HttpClient client, string queue)
    {
        var feeds = await client.GetFromJsonAsync<JsonElement>("/api/admin/feeds");
        return feeds.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "rabbitmq:" + queue);
    }

    private static async Task<int> StoredAsync(HttpClient client, string sender)
    {
        using var response = await client.GetAsync(new Uri($"/api/conversations/{sender}/events", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength()
            : 0;
    }

    private static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var started = Stopwatch.GetTimestamp();
        var limit = patience ?? Patience;
        while (!await condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < limit, $"Not within {limit.TotalSeconds} s: {what}.");
            await Task.Delay(50);
        }
    }

    /// <summary>The feeds' instruments as an OpenTelemetry exporter would see them.</summary>
    private sealed class MetricsRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Instrument, string? Feed, long Value)> _measurements = [];

        public MetricsRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == FeedMonitor.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Record(i, value, tags));
            _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Record(i, value, tags));
            _listener.Start();
        }

        public long Sum(string instrument, string feed)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => m.Instrument == instrument && m.Feed == feed).Sum(m => m.Value);
            }
        }

        public long Last(string instrument, string feed)
        {
            _listener.RecordObservableInstruments();
            lock (_measurements)
            {
                return _measurements.Last(m => m.Instrument == instrument && m.Feed == feed).Value;
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? feed = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "feed")
                {
                    feed = tag.Value as string;
                }
            }

            lock (_measurements)
            {
                _measurements.Add((instrument.Name, feed, value));
            }
        }
    }
}
