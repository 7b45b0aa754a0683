using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using NodaTime;
using RasaPlatform.Hostile;
using RasaPlatform.Testing.PostgreSql;
using static RasaPlatform.Api.Tests.ServiceWrites;

namespace RasaPlatform.Api.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium through Playwright) against the real service on a loopback
/// port: sign-in, the overview's numbers against the API's for the same question, the click-through from a bin, the
/// list's filters in the URL, a conversation with a flag, a tag and a review status set from the page and seen in the
/// API, and the CSV and dump downloads parsed.
/// </summary>
/// <remarks>
/// With <c>RASA_DASHBOARD_SCREENSHOTS</c> set to a folder, the tests save the overview, the list and a conversation
/// there (docs/dashboard holds the committed ones).
/// </remarks>
public abstract class DashboardBrowserTests<TFactory>(DashboardFixture<TFactory> fixture) : IClassFixture<DashboardFixture<TFactory>>
    where TFactory : ApiFactory, new()
{
    /// <summary>The overview the tests ask for: weekly calendar bins in Berlin over the last quarter of 2020.</summary>
    private const string OverviewRoute = "#/?from=2020-10-01&to=2020-12-31&window=1w&tz=Europe%2FBerlin";

    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static readonly string? ScreenshotFolder = Environment.GetEnvironmentVariable("RASA_DASHBOARD_SCREENSHOTS");

    [BrowserFact]
    public async Task SignIn_WrongToken_IsRefused_ThenTheOverviewShowsTheApisNumbers()
    {
        var page = await fixture.NewPageAsync("Europe/Berlin");
        await page.GotoAsync(new Uri(fixture.Root, "/" + OverviewRoute).ToString());
        await page.FillAsync("#token", "rp_00000000_" + new string('A', 43));
        await page.ClickAsync("form.sign-in button[type=submit]");
        await Assertions.Expect(page.Locator("form.sign-in [role=alert]")).ToContainTextAsync("does not know this token");

        await SignInAsync(page, fixture.ViewToken);
        await WaitForOverviewAsync(page);

        // The page turned Berlin's local dates into instants itself; the API is asked the same with NodaTime's.
        var start = Berlin.AtStartOfDay(new LocalDate(2020, 10, 1)).ToInstant().ToUnixTimeSeconds();
        var end = Berlin.AtStartOfDay(new LocalDate(2021, 1, 1)).ToInstant().ToUnixTimeSeconds();
        var analytics = await GetJsonAsync(fixture.Api, $"/api/analytics?start={start}&end={end}&window=1w&tz=Europe/Berlin&compare=previous");
        var until = Until(end);
        var statistics = await GetJsonAsync(fixture.Api, $"/api/statistics?start={start}&until={until}&compare=previous&limit=10");

        var conversations = await SeriesAsync(page, "conversations");
        Assert.Equal(Numbers(analytics, "conversations"), conversations["Conversations"]);
        Assert.Equal(Numbers(analytics, "new_users"), conversations["New users"]);
        Assert.Equal(Numbers(analytics.GetProperty("previous"), "conversations"), conversations["Previous period"]);
        var messages = await SeriesAsync(page, "messages");
        Assert.Equal(Numbers(analytics, "user_messages"), messages["User messages"]);
        Assert.Equal(Numbers(analytics, "bot_messages"), messages["Bot messages"]);
        Assert.True(Longs(analytics, "conversations").Sum() > 0, "the chosen range holds conversations");

        Assert.Equal(statistics.GetProperty("user_messages").GetInt64(), await FigureAsync(page, "user_messages"));
        Assert.Equal(statistics.GetProperty("bot_messages").GetInt64(), await FigureAsync(page, "bot_messages"));
        Assert.Equal(Longs(analytics, "new_users").Sum(), await FigureAsync(page, "new_users"));
        var intents = await page.Locator(".top[data-figure=top_intents] tbody tr").AllAsync();
        var expected = statistics.GetProperty("top_intents").EnumerateArray().ToList();
        Assert.Equal(expected.Count, intents.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var cells = await intents[i].Locator("td").AllInnerTextsAsync();
            Assert.Equal(expected[i].GetProperty("name").GetString(), cells[0]);
            Assert.Equal(expected[i].GetProperty("count").GetInt64().ToString("N0", CultureInfo.InvariantCulture), cells[1]);
        }

        // The default assistant defines markers: their shares are charted from the API's marker sums.
        var withMarkers = await GetJsonAsync(fixture.Api, $"/api/analytics?start={start}&end={end}&window=1w&tz=Europe/Berlin&markers=chatted,started");
        var shares = await SeriesAsync(page, "markers");
        Assert.Equal(
            withMarkers.GetProperty("markers").GetProperty("started").GetProperty("share").EnumerateArray().Select(s => Math.Round(s.GetDouble() * 1000, MidpointRounding.AwayFromZero) / 10),
            shares["started"]);
        await ScreenshotAsync(page, "overview.png");
    }

    [BrowserFact]
    public async Task ClickingABin_OpensTheListOfItsConversations_AsTheApiFiltersThem()
    {
        var page = await fixture.NewPageAsync("Europe/Berlin");
        await page.GotoAsync(new Uri(fixture.Root, "/" + OverviewRoute).ToString());
        await SignInAsync(page, fixture.ViewToken);
        await WaitForOverviewAsync(page);
        var start = Berlin.AtStartOfDay(new LocalDate(2020, 10, 1)).ToInstant().ToUnixTimeSeconds();
        var end = Berlin.AtStartOfDay(new LocalDate(2021, 1, 1)).ToInstant().ToUnixTimeSeconds();
        var analytics = await GetJsonAsync(fixture.Api, $"/api/analytics?start={start}&end={end}&window=1w&tz=Europe/Berlin");
        var bin = Array.FindIndex(Longs(analytics, "user_messages"), n => n > 0);

        var point = await page.EvaluateAsync<double[]>(
            """
            index => {
              const element = document.querySelector('[data-chart=conversations]');
              const [x, y] = echarts.getInstanceByDom(element).convertToPixel({ gridIndex: 0 }, [index, 0]);
              const box = element.getBoundingClientRect();
              return [box.left + x, box.top + y - 30];
            }
            """,
            bin);
        await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
        await page.WaitForFunctionAsync("() => location.hash.startsWith('#/conversations?')");
        var total = await TotalAsync(page);

        var binStart = analytics.GetProperty("bin_starts")[bin].GetDouble();
        var binEnd = analytics.GetProperty("bin_ends")[bin].GetDouble();
        using var listed = await fixture.Api.GetAsync(new Uri($"/api/conversations?start={binStart}&until={Until(binEnd)}&limit=1000", UriKind.Relative));
        var senders = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(c => c.GetProperty("sender_id").GetString()!).ToList();
        Assert.Equal(long.Parse(listed.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture), total);
        Assert.True(total > 0);
        Assert.Equal(senders, await page.Locator("table.list tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.sender)"));
        Assert.Equal(binStart.ToString("R", CultureInfo.InvariantCulture), await page.InputValueAsync("#filter-start"));
    }

    [BrowserFact]
    public async Task TheList_HoldsEveryFilterOfTheContract_AndItsUrlReloadsTheSameView()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Root, "/#/conversations?intent=get_started&limit=25").ToString());
        await SignInAsync(page, fixture.ViewToken);
        var total = await TotalAsync(page);

        using var spec = typeof(Program).Assembly.GetManifestResourceStream("openapi.yaml")!;
        using var reader = new StreamReader(spec);
        var listing = SpecContract.Parse(await reader.ReadToEndAsync()).Single(o => o.Id == "Listing_ListConversations");
        var controls = await page.Locator("#filters [name]").EvaluateAllAsync<string[]>("controls => controls.map(c => c.name)");
        Assert.Equal(
            listing.Parameters.Select(p => p.Name).Except(["limit", "offset", "format", "all"]).Order(StringComparer.Ordinal),
            controls.Order(StringComparer.Ordinal));

        using var listed = await fixture.Api.GetAsync(new Uri("/api/conversations?intent=get_started&limit=1", UriKind.Relative));
        Assert.Equal(long.Parse(listed.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture), total);
        Assert.Equal("get_started", await page.InputValueAsync("#filter-intent"));

        // The filters live in the URL and the token in the tab: a reload shows the same view, still signed in.
        await page.ReloadAsync();
        Assert.Equal(total, await TotalAsync(page));
        Assert.Equal("get_started", await page.InputValueAsync("#filter-intent"));

        // Setting a filter in the form puts it in the URL.
        await page.EvalOnSelectorAsync("details.filter-panel", "panel => panel.open = true");
        await page.SelectOptionAsync("#filter-in_training_data", "true");
        await page.ClickAsync("#filters button[type=submit]");
        await page.WaitForFunctionAsync("() => location.hash.includes('in_training_data=true')");
        using var narrowed = await fixture.Api.GetAsync(new Uri("/api/conversations?intent=get_started&in_training_data=true&limit=1", UriKind.Relative));
        Assert.Equal(long.Parse(narrowed.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture), await TotalAsync(page));
        await ScreenshotAsync(page, "conversations.png");
    }

    [BrowserFact]
    public async Task DownloadAllAsCsv_HoldsEveryMatchingConversation()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Root, "/#/conversations?limit=25&intent=get_started").ToString());
        await SignInAsync(page, fixture.ViewToken);
        var total = await TotalAsync(page);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv"));
        var path = await download.PathAsync();

        Assert.Equal("conversations.csv", download.SuggestedFilename);
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(path) { TextFieldType = Microsoft.VisualBasic.FileIO.FieldType.Delimited };
        parser.SetDelimiters(",");
        parser.HasFieldsEnclosedInQuotes = true;
        var header = parser.ReadFields()!;
        var rows = new List<string[]>();
        while (parser.ReadFields() is { } fields)
        {
            rows.Add(fields);
        }

        Assert.Equal("sender_id", header[0]);
        Assert.Equal(total, rows.Count);
        var listed = await GetJsonAsync(fixture.Api, "/api/conversations?intent=get_started&limit=1000");
        Assert.Equal(listed.EnumerateArray().Select(c => c.GetProperty("sender_id").GetString()), rows.Select(r => r[0]));
    }

    [BrowserFact]
    public async Task AConversation_FlaggedTaggedAndReviewedFromThePage_IsSoInTheApi()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Root, "/#/conversations?intent=chitchat.greet").ToString());
        await SignInAsync(page, fixture.ManageToken);
        await TotalAsync(page);
        var sender = await page.Locator("table.list tbody tr").First.GetAttributeAsync("data-sender");
        await page.ClickAsync("table.list tbody tr a");
        await page.WaitForSelectorAsync("ol.transcript");

        // The transcript shows every event the API holds, in order.
        var conversation = await GetJsonAsync(fixture.Api, $"/api/conversations/{Uri.EscapeDataString(sender!)}");
        Assert.Equal(
            conversation.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("event").GetString()),
            await page.Locator("ol.transcript > li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.type)"));

        // Flag the first user message.
        var flag = page.Locator("li.event.user button[data-flag]").First;
        var timestamp = await flag.GetAttributeAsync("data-flag");
        await flag.ClickAsync();
        await Assertions.Expect(page.Locator($"button[data-flag='{timestamp}']").First).ToHaveAttributeAsync("aria-pressed", "true");
        var messages = await GetJsonAsync(fixture.Api, $"/api/conversations/{Uri.EscapeDataString(sender!)}/messages");
        var flagged = messages.EnumerateArray().Where(m => m.GetProperty("is_flagged").GetBoolean()).Select(m => m.GetProperty("timestamp").GetDouble()).ToList();
        Assert.Equal([double.Parse(timestamp!, CultureInfo.InvariantCulture)], flagged.Distinct());

        // Review status and a new tag.
        await page.SelectOptionAsync("#review-status", "reviewed");
        await page.WaitForSelectorAsync("#review-status[data-saved=reviewed]");
        await page.FillAsync("#tag-name", "needs-follow-up");
        await page.ClickAsync("#tags form button[type=submit]");
        await Assertions.Expect(page.Locator("#tags .chip")).ToContainTextAsync("needs-follow-up");
        var after = await GetJsonAsync(fixture.Api, $"/api/conversations/{Uri.EscapeDataString(sender!)}");
        Assert.Equal("reviewed", after.GetProperty("review_status").GetString());
        Assert.Equal(["needs-follow-up"], after.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("name").GetString()));

        // The debug dump downloads as the API serves it.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#dump-json"));
        var dump = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync())).RootElement;
        Assert.Equal(sender, dump.GetProperty("sender_id").GetString());
        await ScreenshotAsync(page, "conversation.png");

        // Unflag again: the API has no flag left.
        await page.Locator($"button[data-flag='{timestamp}']").First.ClickAsync();
        await Assertions.Expect(page.Locator($"button[data-flag='{timestamp}']").First).ToHaveAttributeAsync("aria-pressed", "false");
        var unflagged = await GetJsonAsync(fixture.Api, $"/api/conversations/{Uri.EscapeDataString(sender!)}/messages");
        Assert.DoesNotContain(unflagged.EnumerateArray(), m => m.GetProperty("is_flagged").GetBoolean());
    }

    [BrowserFact]
    public async Task AViewToken_SeesTheConversation_WithoutControlsThatWouldChangeIt()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Root, "/#/conversation/mysender").ToString());
        await SignInAsync(page, fixture.ViewToken);
        await page.WaitForSelectorAsync("ol.transcript");

        Assert.Equal(0, await page.Locator("button[data-flag]").CountAsync());
        Assert.Equal(0, await page.Locator("#tag-name").CountAsync());
        Assert.True(await page.Locator("#review-status").IsDisabledAsync());
        Assert.Contains("mysender", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
    }

    private static async Task SignInAsync(IPage page, string token)
    {
        await page.FillAsync("#token", token);
        await page.ClickAsync("form.sign-in button[type=submit]");
        await page.WaitForSelectorAsync("#who:not([hidden])");
    }

    private static async Task WaitForOverviewAsync(IPage page)
    {
        await page.WaitForSelectorAsync(".kpi[data-figure=user_messages]");
        await page.WaitForSelectorAsync("[data-chart=markers]");
        await page.WaitForSelectorAsync(".top[data-figure=top_intents]");
    }

    /// <summary>The list's total (<c>X-Total-Count</c> as the page shows it), once the list has loaded.</summary>
    private static async Task<long> TotalAsync(IPage page) =>
        long.Parse((await (await page.WaitForSelectorAsync("#total[data-total]"))!.GetAttributeAsync("data-total"))!, CultureInfo.InvariantCulture);

    private static async Task<long> FigureAsync(IPage page, string figure) =>
        long.Parse((await page.Locator($".kpi[data-figure={figure}] .kpi-value").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);

    /// <summary>The chart's series by name, as ECharts holds them.</summary>
    private static async Task<Dictionary<string, IReadOnlyList<double>>> SeriesAsync(IPage page, string chart)
    {
        var series = await page.EvaluateAsync<JsonElement>(
            "name => echarts.getInstanceByDom(document.querySelector(`[data-chart=${name}]`)).getOption().series.map(s => ({ name: s.name, data: s.data }))",
            chart);
        return series.EnumerateArray().ToDictionary(
            s => s.GetProperty("name").GetString()!,
            s => (IReadOnlyList<double>)[.. s.GetProperty("data").EnumerateArray().Select(d => d.GetDouble())]);
    }

    /// <summary>An analytics list as the numbers a chart holds.</summary>
    private static IReadOnlyList<double> Numbers(JsonElement result, string property) => [.. Longs(result, property).Select(n => (double)n)];

    /// <summary>An exclusive end as the inclusive <c>until</c> the page sends (a millionth of a second before).</summary>
    private static string Until(double end) => (end - 0.000001).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Saves the page for the docs, from the embedded default's run only.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotFolder is { Length: > 0 } folder && typeof(TFactory) == typeof(SqliteApiFactory))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
        }
    }
}

public sealed class SqliteDashboardBrowserTests(DashboardFixture<SqliteApiFactory> fixture) : DashboardBrowserTests<SqliteApiFactory>(fixture);

[RequiresPostgreSql]
public sealed class PostgreSqlDashboardBrowserTests(DashboardFixture<PostgreSqlApiFactory> fixture) : DashboardBrowserTests<PostgreSqlApiFactory>(fixture);
