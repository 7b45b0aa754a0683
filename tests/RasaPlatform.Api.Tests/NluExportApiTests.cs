using System.Net;
using System.Text;
using System.Text.Json;
using NodaTime;
using RasaPlatform.Api.Tests.Nlu;
using RasaPlatform.Core.Access;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Api.Tests.Nlu.RasaNluData;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// <c>GET /api/nlu/corrections.yml</c> through the real pipeline: every file is checked against Rasa's NLU schema and
/// read back as Rasa reads it (<see cref="RasaNluData"/>). Each test keeps to an assistant of its own, since the
/// class's tests share one store.
/// </summary>
public abstract class NluExportApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : ApiFactory
{
    private readonly HttpClient _client = factory.CreateClient();

    [ContractFact]
    public async Task Export_EntitiesOfEveryForm_AreWrittenInlineAndReadBackAsTheMessageHasThem()
    {
        var assistant = Assistant();
        var sender = await ConversationAsync(
            assistant,
            User(100, "fly from Berlin to Paris with Anna for three people",
                new { entity = "city", start = 9, end = 15, value = "Berlin", role = "from" },
                new { entity = "city", start = 19, end = 24, value = "Paris" },
                new { entity = "person", start = 30, end = 34, value = "Anna", group = "1" },
                new { entity = "number", start = 39, end = 44, value = 3 }),
            User(101, "book NYC", new { entity = "city", start = 5, end = 8, value = "New York" }),
            User(102, "hi"),
            User(103, "2 seats", new { entity = "seats", start = 0, end = 1, value = 2 }));
        await CorrectAsync(sender, "100", "book_flight");
        await CorrectAsync(sender, "101", "book_flight");
        await CorrectAsync(sender, "102", "greet");
        await CorrectAsync(sender, "103", "book_flight");

        var yaml = await ExportAsync($"assistant={assistant}");

        Assert.Equal(
            """
            version: "3.1"
            nlu:
            - intent: book_flight
              examples: |
                - [2](seats) seats
                - book [NYC]{"entity": "city", "value": "New York"}
                - fly from [Berlin]{"entity": "city", "role": "from"} to [Paris](city) with [Anna]{"entity": "person", "group": "1"} for [three]{"entity": "number", "value": "3"} people
            - intent: greet
              examples: |
                - hi

            """.ReplaceLineEndings("\n"),
            yaml);
        var examples = Read(yaml);
        Assert.Equal(
            [
                new Entity(9, 15, "Berlin", "city", "Berlin", "from", null),
                new Entity(19, 24, "Paris", "city", "Paris", null, null),
                new Entity(30, 34, "Anna", "person", "Anna", null, "1"),
                new Entity(39, 44, "three", "number", "3", null, null),
            ],
            examples.Single(e => e.Text.StartsWith("fly", StringComparison.Ordinal)).Entities);
        Assert.Equal([new Entity(5, 8, "NYC", "city", "New York", null, null)], examples.Single(e => e.Text == "book NYC").Entities);
        Assert.Equal([new Entity(0, 1, "2", "seats", "2", null, null)], examples.Single(e => e.Text == "2 seats").Entities);
        Assert.Equal(["book_flight", "book_flight", "book_flight", "greet"], examples.Select(e => e.Intent));
    }

    [ContractFact]
    public async Task Export_TextsThatWouldBreakALineOrReadAsMarkup_StillLoad()
    {
        var assistant = Assistant();
        var sender = await ConversationAsync(
            assistant,
            User(1, "two\nlines\r\nthree"),
            User(2, "- starts like an item"),
            User(3, "  padded  "),
            User(4, "# not a comment: really | > ' \" % & * ! @ `"),
            User(5, "typed [x](y) markup"),
            User(6, "bell\u0007, tab\t, nel\u0085, ls\u2028 and bom\ufeff end"),
            User(7, "emoji \ud83d\ude00 then Berlin", new { entity = "city", start = 13, end = 19, value = "Berlin" }),
            User(8, "bad offsets Berlin", new { entity = "city", start = 12, end = 99, value = "Berlin" }, new { entity = "city", start = -1, end = 3, value = "bad" }),
            User(9, "brackets [in] text Rome", new { entity = "city", start = 19, end = 23, value = "Rome" }),
            User(10, "a [b Rome", new { entity = "city", start = 5, end = 9, value = "Rome" }),
            User(11, "at noon", new { entity = "time:of)day", start = 3, end = 7, value = "noon" }),
            User(12, "pay 5 euro", new { entity = "amount", start = 4, end = 10, value = new { amount = 5, unit = "euro}" } }),
            User(13, "Köln und Zürich", new { entity = "city", start = 0, end = 4, value = "Köln" }, new { entity = "city", start = 2, end = 6, value = "overlap" }));
        for (var t = 1; t <= 13; t++)
        {
            await CorrectAsync(sender, $"{t}", "hostile");
        }

        var examples = Read(await ExportAsync($"assistant={assistant}"));

        var byText = examples.ToDictionary(e => e.Text, e => e.Entities);
        Assert.Equal(
            [
                "# not a comment: really | > ' \" % & * ! @ `", "- starts like an item", "Köln und Zürich", "a [b Rome", "at noon",
                "bad offsets Berlin", "bell , tab , nel , ls  and bom  end", "brackets [in] text Rome", "emoji \ud83d\ude00 then Berlin",
                "padded", "pay 5 euro", "two lines  three",
            ],
            byText.Keys.Order(StringComparer.Ordinal));
        Assert.All(examples, e => Assert.Equal("hostile", e.Intent));
        Assert.Equal([new Entity(14, 20, "Berlin", "city", "Berlin", null, null)], byText["emoji \ud83d\ude00 then Berlin"]);
        Assert.Empty(byText["bad offsets Berlin"]);
        Assert.Equal([new Entity(19, 23, "Rome", "city", "Rome", null, null)], byText["brackets [in] text Rome"]);
        Assert.Empty(byText["a [b Rome"]);
        Assert.Equal([new Entity(3, 7, "noon", "time:of)day", "noon", null, null)], byText["at noon"]);
        Assert.Equal([new Entity(4, 10, "5 euro", "amount", """{"amount":5,"unit":"euro}"}""", null, null)], byText["pay 5 euro"]);
        Assert.Equal([new Entity(0, 4, "Köln", "city", "Köln", null, null)], byText["Köln und Zürich"]);
    }

    [ContractFact]
    public async Task Export_OneExamplePerText_TheLatestCorrectionWins()
    {
        var assistant = Assistant();
        var first = await ConversationAsync(assistant, User(1, "same words"), User(2, "other words"));
        var second = await ConversationAsync(assistant, User(3, "same words", new { entity = "thing", start = 5, end = 10, value = "words" }));

        await CorrectAsync(first, "1", "first");
        factory.Clock.Advance(Duration.FromSeconds(1));
        await CorrectAsync(second, "3", "second");
        await CorrectAsync(first, "2", "other");
        var beforeRecorrection = Read(await ExportAsync($"assistant={assistant}"));
        factory.Clock.Advance(Duration.FromSeconds(1));
        await CorrectAsync(first, "1", "third", HttpStatusCode.OK);
        var after = Read(await ExportAsync($"assistant={assistant}"));

        Assert.Equal([("other", "other words", 0), ("second", "same words", 1)], beforeRecorrection.Select(e => (e.Intent, e.Text, e.Entities.Count)));
        Assert.Equal([("other", "other words", 0), ("third", "same words", 0)], after.Select(e => (e.Intent, e.Text, e.Entities.Count)));
    }

    [ContractTheory]
    [InlineData("start=2000", new[] { "b", "c" })]
    [InlineData("until=2000", new[] { "a", "b" })]
    [InlineData("start=2000&until=2000", new[] { "b" })]
    [InlineData("start=1970-01-01T00:33:20Z&until=1970-01-01T00:50:00.5", new[] { "b", "c" })]
    [InlineData("start=3000.5", new string[0])]
    public async Task Export_StartAndUntil_BoundTheMessagesOwnTimestampsInclusively(string query, string[] texts)
    {
        var assistant = Assistant();
        var sender = await ConversationAsync(assistant, User(1000, "a"), User(2000, "b"), User(3000, "c"));
        foreach (var t in new[] { "1000", "2000", "3000" })
        {
            await CorrectAsync(sender, t, "x");
        }

        var examples = Read(await ExportAsync($"assistant={assistant}&{query}"));

        Assert.Equal(texts, examples.Select(e => e.Text));
    }

    [ContractFact]
    public async Task Export_NothingCorrected_IsAnEmptyNluListThatConforms()
    {
        var yaml = await ExportAsync($"assistant={Assistant()}");

        Assert.Equal("version: \"3.1\"\nnlu: []\n", yaml);
        Assert.Empty(Kwalify.Validate(Schema, yaml));
        Assert.Empty(Read(yaml));
    }

    [ContractFact]
    public async Task Export_LimitedToken_SeesOnlyItsAssistantsConversations_ViewMayCall_IngestMayNot()
    {
        var mine = Assistant();
        var theirs = Assistant();
        await CorrectAsync(await ConversationAsync(mine, User(1, "mine")), "1", "x");
        await CorrectAsync(await ConversationAsync(theirs, User(1, "theirs")), "1", "x");
        using var limited = factory.CreateClient(ApiRole.View, mine);
        using var ingest = factory.CreateClient(ApiRole.Ingest);

        Assert.Equal(["mine"], Read(await ExportAsync(limited, string.Empty)).Select(e => e.Text));
        Assert.Equal(["mine"], Read(await ExportAsync(limited, $"assistant={mine},{theirs}")).Select(e => e.Text));
        Assert.Empty(Read(await ExportAsync(limited, $"assistant={theirs}")));
        await ProblemAssert.IsAsync(await ingest.GetAsync(new Uri("/api/nlu/corrections.yml", UriKind.Relative)), HttpStatusCode.Forbidden, field: null);
    }

    [ContractTheory]
    [InlineData("start=yesterday", "start")]
    [InlineData("until=NaN", "until")]
    [InlineData("start=2000&until=1000", "until")]
    [InlineData("assistant=a,,b", "assistant")]
    public async Task Export_BadParameter_Is400NamingIt(string query, string field)
    {
        var response = await _client.GetAsync(new Uri($"/api/nlu/corrections.yml?{query}", UriKind.Relative));

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, field);
    }

    private static string Assistant() => "nlu-" + Guid.NewGuid().ToString("N")[..12];

    private static object User(double timestamp, string text, params object[] entities) => new
    {
        @event = "user",
        timestamp,
        text,
        parse_data = new { intent = new { name = "predicted", confidence = 0.5 }, entities },
    };

    private async Task<string> ConversationAsync(string assistant, params object[] events)
    {
        var sender = $"nlu-{Guid.NewGuid():N}";

        // Every event names the assistant, as Rasa 3 writes it.
        var json = JsonSerializer.Serialize(events.Select(e => JsonSerializer.SerializeToNode(e)!.AsObject()).Select(e =>
        {
            e["metadata"] = new System.Text.Json.Nodes.JsonObject { ["assistant_id"] = assistant };
            return e;
        }));
        await ServiceWrites.PutAsync(_client, sender, json);
        return sender;
    }

    private async Task CorrectAsync(string sender, string timestamp, string intent, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await _client.PutAsync(
            new Uri($"/api/conversations/{sender}/messages/{timestamp}/intent", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(new { intent }), Encoding.UTF8, "application/json"));
        Assert.Equal(expected, response.StatusCode);
    }

    private Task<string> ExportAsync(string query) => ExportAsync(_client, query);

    private static async Task<string> ExportAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(new Uri($"/api/nlu/corrections.yml?{query}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/x-yaml", response.Content.Headers.ContentType?.MediaType);
        return body;
    }
}

public sealed class SqliteNluExportApiTests(SqliteApiFactory factory) : NluExportApiTests<SqliteApiFactory>(factory);

[RequiresPostgreSql]
public sealed class PostgreSqlNluExportApiTests(PostgreSqlApiFactory factory) : NluExportApiTests<PostgreSqlApiFactory>(factory);
