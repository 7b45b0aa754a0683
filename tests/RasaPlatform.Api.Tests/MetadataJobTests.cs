using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RasaPlatform.Core;
using RasaPlatform.Core.Metadata;
using RasaPlatform.Core.Storage;
using RasaPlatform.Jobs;

namespace RasaPlatform.Api.Tests;

/// <summary>The metadata job as the service hosts it.</summary>
public sealed class MetadataJobTests
{
    [Fact]
    public async Task Service_AfterIngest_ProjectsTheMetadataInTheBackground()
    {
        using var factory = new SqliteApiFactory();
        using var client = factory.CreateClient();
        const string events = """
            [{"event":"user","timestamp":10,"text":"hi","parse_data":{"intent":{"name":"greet","confidence":0.8}}},
             {"event":"action","timestamp":11,"name":"utter_greet","policy":"policy_0_RulePolicy","confidence":0.9}]
            """;

        using var response = await client.PostAsync(
            new Uri("/api/conversations/job-sender/tracker/events", UriKind.Relative),
            new StringContent(events, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var metadata = await WaitForMetadataAsync(factory.Services.GetRequiredService<IMetadataStore>(), "job-sender");
        Assert.Equal(["greet"], metadata.Intents);
        Assert.Equal(["utter_greet"], metadata.Actions);
        Assert.Equal(["RulePolicy"], metadata.Policies);
        Assert.False(metadata.InTrainingData);
        Assert.Equal(1, metadata.UserMessageCount);
    }

    [Fact]
    public async Task AdminRebuild_QueuesEveryConversation_AndTheJobDrainsTheQueue()
    {
        using var factory = new SqliteApiFactory();
        using var client = factory.CreateClient();
        foreach (var sender in new[] { "admin-a", "admin-b", "admin-c" })
        {
            using var put = await client.PutAsync(
                new Uri($"/api/conversations/{sender}/tracker", UriKind.Relative),
                new StringContent("""[{"event":"action","name":"action_listen","timestamp":1}]""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var rebuild = await client.PostAsync(new Uri("/api/admin/metadata/rebuild", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.Accepted, rebuild.StatusCode);
        var answer = System.Text.Json.JsonDocument.Parse(await rebuild.Content.ReadAsStringAsync()).RootElement;
        var jobId = answer.GetProperty("job_id").GetString();
        Assert.False(string.IsNullOrEmpty(jobId));
        Assert.True(answer.GetProperty("pending").GetInt64() >= 0);
        for (var attempt = 0; ; attempt++)
        {
            var status = System.Text.Json.JsonDocument.Parse(
                await client.GetStringAsync(new Uri("/api/admin/metadata", UriKind.Relative))).RootElement;
            var job = status.GetProperty("rebuild");
            if (job.ValueKind == System.Text.Json.JsonValueKind.Object && job.GetProperty("state").GetString() == "Succeeded")
            {
                Assert.Equal(jobId, job.GetProperty("job_id").GetString());
                Assert.Equal(3, job.GetProperty("enqueued").GetInt64());
                Assert.Equal(0, job.GetProperty("pending").GetInt64());
                Assert.Equal(0, status.GetProperty("pending").GetInt64());
                Assert.Equal(0, status.GetProperty("failed").GetInt64());
                break;
            }

            Assert.True(attempt < 300, "the rebuild job did not succeed within 15 s");
            await Task.Delay(50);
        }

        Assert.Equal(["action_listen"], (await WaitForMetadataAsync(factory.Services.GetRequiredService<IMetadataStore>(), "admin-b")).Actions);
    }

    [Fact]
    public async Task Service_BacklogLargerThanABatch_ReportsItsCatchUpInTheAdminStatusAndTheDashboard()
    {
        using var factory = new SqliteApiFactory
        {
            TestServices = services => services.Configure<MetadataProjectorOptions>(o => o.BatchSize = 5),
        };
        using var client = factory.CreateClient();
        await WriteBacklogAsync(factory, "backlog", 60);

        // One write queued all 60 at once, so the first claim came back full and every one is the catch-up's.
        System.Text.Json.JsonElement catchUp;
        for (var attempt = 0; ; attempt++)
        {
            var status = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/admin/metadata", UriKind.Relative))).RootElement;
            catchUp = status.GetProperty("catch_up").Clone();

            // The live writes' lane may take the last conversations beside the batches: its count follows its save.
            if (status.GetProperty("pending").GetInt64() == 0 && !catchUp.GetProperty("catching_up").GetBoolean()
                && catchUp.GetProperty("done").GetInt64() == 60)
            {
                break;
            }

            Assert.True(attempt < 300, "the catch-up did not end within 15 s");
            await Task.Delay(50);
        }

        Assert.Equal(60, catchUp.GetProperty("done").GetInt64());
        Assert.Equal(0, catchUp.GetProperty("pending").GetInt64());
        Assert.Equal(60, catchUp.GetProperty("total").GetInt64());
        // The factory's clock stands still, so the rate is 0 here; the projector's tests measure it.
        Assert.Equal(System.Text.Json.JsonValueKind.Number, catchUp.GetProperty("rate_per_second").ValueKind);
        Assert.True(catchUp.GetProperty("since").GetDouble() <= catchUp.GetProperty("ended").GetDouble());

        using var dashboard = await client.GetAsync(new Uri("/jobs/metadata", UriKind.Relative));
        var page = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("Catch-up", page, StringComparison.Ordinal);
        Assert.Contains("60 of 60", page, StringComparison.Ordinal);
        Assert.Contains("width: 100.0%", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_CatchUpAboveTheDeferralBacklog_ReportsMaintenanceDeferredUntilItsEndAndThenCountsEverything()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var factory = new SqliteApiFactory
        {
            TestServices = services =>
            {
                services.Configure<MetadataProjectorOptions>(o => (o.BatchSize, o.DeferMaintenanceBacklog) = (5, 20));
                services.InterceptJobReads((sender, _) => sender == "deferred-40" ? gate.Task : Task.CompletedTask);
            },
        };
        using var client = factory.CreateClient();
        await WriteBacklogAsync(factory, "deferred", 60);

        // The fold of deferred-40 waits on the gate, so the catch-up is under way, with its maintenance set aside.
        async Task<System.Text.Json.JsonElement> StatusAsync() =>
            System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/admin/metadata", UriKind.Relative))).RootElement;
        for (var attempt = 0; !(await StatusAsync()).GetProperty("maintenance_deferred").GetBoolean(); attempt++)
        {
            Assert.True(attempt < 300, "maintenance was not deferred within 15 s");
            await Task.Delay(50);
        }

        using (var dashboard = await client.GetAsync(new Uri("/jobs/metadata", UriKind.Relative)))
        {
            Assert.Contains("Maintenance deferred", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        gate.SetResult();
        for (var attempt = 0; ; attempt++)
        {
            var status = await StatusAsync();
            if (status.GetProperty("pending").GetInt64() == 0 && !status.GetProperty("maintenance_deferred").GetBoolean())
            {
                break;
            }

            Assert.True(attempt < 600, "the catch-up's maintenance was not restored within 30 s");
            await Task.Delay(50);
        }

        // The sums were recomputed at the end: every conversation's message and intent is counted.
        var statistics = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/statistics", UriKind.Relative))).RootElement;
        Assert.Equal(60, statistics.GetProperty("user_messages").GetInt64());
        var top = statistics.GetProperty("top_intents")[0];
        Assert.Equal(("greet", 60L), (top.GetProperty("name").GetString(), top.GetProperty("count").GetInt64()));
        using var listing = await client.GetAsync(new Uri("/api/conversations?intent=greet&limit=1", UriKind.Relative));
        Assert.Equal("60", listing.Headers.GetValues("X-Total-Count").Single());
        using var after = await client.GetAsync(new Uri("/jobs/metadata", UriKind.Relative));
        Assert.DoesNotContain("Maintenance deferred", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Queues <paramref name="count"/> conversations of one greeting each in one write, as an import would.</summary>
    private static async Task WriteBacklogAsync(SqliteApiFactory factory, string prefix, int count)
    {
        var received = NodaTime.Instant.FromUnixTimeSeconds(1_700_000_000);
        using var document = System.Text.Json.JsonDocument.Parse("""{"event":"user","timestamp":10,"text":"hi","parse_data":{"intent":{"name":"greet"}}}""");
        var user = Core.Events.EventNormalizer.Normalize(document.RootElement, received, "event");
        await factory.Services.GetRequiredService<IConversationStore>().WriteAsync(
            [.. Enumerable.Range(0, count).Select(i => new ConversationWrite($"{prefix}-{i}", WriteMode.Append, [user]))],
            CancellationToken.None);
    }

    [Fact]
    public async Task Service_ConversationWhoseProjectionFails_IsReportedWithItsErrorWhileTheOthersFlow()
    {
        using var factory = new SqliteApiFactory
        {
            TestServices = services => services.InterceptJobReads(
                (sender, _) => sender == "poison" ? throw new InvalidOperationException("injected failure") : Task.CompletedTask),
        };
        using var client = factory.CreateClient();
        foreach (var sender in new[] { "poison", "healthy" })
        {
            using var response = await client.PostAsync(
                new Uri($"/api/conversations/{sender}/tracker/events", UriKind.Relative),
                new StringContent("""[{"event":"user","timestamp":10,"text":"hi","parse_data":{"intent":{"name":"greet"}}}]""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await WaitForMetadataAsync(factory.Services.GetRequiredService<IMetadataStore>(), "healthy");
        System.Text.Json.JsonElement status;
        for (var attempt = 0; ; attempt++)
        {
            status = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/admin/metadata", UriKind.Relative))).RootElement;
            if (status.GetProperty("failed").GetInt64() == 1)
            {
                break;
            }

            Assert.True(attempt < 300, "the failure was not reported within 15 s");
            await Task.Delay(50);
        }

        var failure = Assert.Single(status.GetProperty("failures").EnumerateArray());
        Assert.Equal("poison", failure.GetProperty("sender_id").GetString());
        Assert.Equal(1, failure.GetProperty("attempts").GetInt32());
        Assert.Equal("InvalidOperationException: injected failure", failure.GetProperty("error").GetString());
        Assert.Equal(factory.Clock.GetCurrentInstant().ToUnixTimeSeconds() + 2, failure.GetProperty("retry_at").GetDouble(), precision: 3);
        Assert.Equal(1, status.GetProperty("pending").GetInt64());

        // The dashboard's Metadata page shows it too.
        using var dashboard = await client.GetAsync(new Uri("/jobs/metadata", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var page = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("poison", page, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: injected failure", page, StringComparison.Ordinal);

        // New conversations keep flowing past it.
        using var later = await client.PostAsync(
            new Uri("/api/conversations/later/tracker/events", UriKind.Relative),
            new StringContent("""[{"event":"user","timestamp":11,"text":"yo"}]""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        await WaitForMetadataAsync(factory.Services.GetRequiredService<IMetadataStore>(), "later");
    }

    [Fact]
    public void AddRasaJobs_Disabled_RegistersNoServerAndEnabledDoes()
    {
        var disabled = new ServiceCollection().AddRasaJobs(Configuration(("Jobs:Enabled", "false")));
        var enabled = new ServiceCollection().AddRasaJobs(Configuration());

        Assert.DoesNotContain(disabled, d => d.ServiceType == typeof(IHostedService));
        Assert.Contains(disabled, d => d.ServiceType == typeof(MetadataRebuilds));
        Assert.Contains(enabled, d => d.ServiceType == typeof(IHostedService));
        Assert.Contains(enabled, d => d.ImplementationType == typeof(MetadataProjectionProcess));
        Assert.Contains(enabled, d => d.ImplementationType == typeof(MetadataRecentProcess));
        Assert.DoesNotContain(disabled, d => d.ImplementationType == typeof(MetadataRecentProcess));
    }

    [Fact]
    public void AddRasaJobs_NonPositiveInterval_FailsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => new ServiceCollection().AddRasaJobs(Configuration(("Jobs:MetadataIntervalMilliseconds", "0"))));

        Assert.Contains("Jobs:MetadataIntervalMilliseconds", error.Message, StringComparison.Ordinal);
    }

    private static async Task<ConversationMetadata> WaitForMetadataAsync(IMetadataStore store, string sender)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await store.GetAsync(sender, CancellationToken.None) is { } metadata)
            {
                return metadata;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No metadata for {sender} after 15 s.");
    }

    [Fact]
    public void AddRasaCore_MetadataSettings_SizeTheCatchUpsBatchesAndRefuseNonsense()
    {
        var defaults = new ServiceCollection().AddRasaCore(Configuration()).BuildServiceProvider()
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<MetadataProjectorOptions>>().Value;
        Assert.Equal((5_000, NodaTime.Duration.FromMilliseconds(400)), (defaults.MaximumBatchSize, defaults.TargetBatchDuration));

        var set = new ServiceCollection()
            .AddRasaCore(Configuration(("Metadata:MaximumBatchSize", "20000"), ("Metadata:TargetBatchMilliseconds", "1500")))
            .BuildServiceProvider()
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<MetadataProjectorOptions>>().Value;
        Assert.Equal((20_000, NodaTime.Duration.FromMilliseconds(1500)), (set.MaximumBatchSize, set.TargetBatchDuration));

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new ServiceCollection()
            .AddRasaCore(Configuration(("Metadata:TargetBatchMilliseconds", "0")))
            .BuildServiceProvider()
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<MetadataProjectorOptions>>().Value);
        Assert.Contains("Metadata:TargetBatchMilliseconds", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
}
