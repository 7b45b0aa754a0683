using System.Net;
using System.Text;
using Microsoft.Playwright;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.Tests.Dashboard;

/// <summary>
/// The real service on Kestrel (SQLite store) holding every conversation of shared/data and markers for the default
/// assistant, with a <c>view</c> and a <c>manage</c> token, and one chromium for the tests to open pages in.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Markers of the default assistant, so the overview charts their shares.</summary>
    public const string Markers = """{"started": {"intent": "get_started"}, "chatted": {"or": [{"intent": "chitchat.greet"}, {"intent": "chitchat.bye"}]}}""";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public SqliteApiFactory Service { get; } = new();

    /// <summary>A client with the <c>manage</c> token, to ask the API what the page should show.</summary>
    public HttpClient Api { get; private set; } = null!;

    public Uri Root { get; private set; } = null!;

    public string ViewToken { get; private set; } = null!;

    public string ManageToken => Service.ManageToken;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        Api = Service.CreateClient();
        Root = Api.BaseAddress!;
        ViewToken = (await Service.CreateTokenAsync(ApiRole.View)).Secret;
        foreach (var (_, sender, events) in SharedDataConversations.All())
        {
            await ServiceWrites.PutAsync(Api, sender, events.GetRawText());
        }

        using var markers = new StringContent(Markers, Encoding.UTF8, "application/json");
        using var defined = await Api.PutAsync(new Uri("/api/markers?assistant=default", UriKind.Relative), markers);
        Assert.True(defined.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, await defined.Content.ReadAsStringAsync());
        await ServiceWrites.WaitForMetadataAsync(Api);

        if (Chromium.SkipReason is null)
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await Chromium.LaunchAsync(_playwright);
        }
    }

    /// <summary>A new page (its own session storage, so signed out) in the given time zone, downloads allowed.</summary>
    public async Task<IPage> NewPageAsync(string timeZone = "UTC")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            TimezoneId = timeZone,
            Locale = "en-US",
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Api.Dispose();
        await Service.DisposeAsync();
    }
}
