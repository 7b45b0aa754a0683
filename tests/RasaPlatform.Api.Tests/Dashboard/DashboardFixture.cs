using System.Net;
using System.Text;
using Microsoft.Playwright;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.Tests.Dashboard;

/// <summary>
/// The real service on Kestrel (on <typeparamref name="TFactory"/>'s store) holding every conversation of shared/data and markers for the default
/// assistant, with a <c>view</c> and a <c>manage</c> token, and one chromium for the tests to open pages in.
/// </summary>
public sealed class DashboardFixture<TFactory> : IAsyncLifetime
    where TFactory : ApiFactory, new()
{
    /// <summary>Markers of the default assistant, so the overview charts their shares.</summary>
    public const string Markers = """{"started": {"intent": "get_started"}, "chatted": {"or": [{"intent": "chitchat.greet"}, {"intent": "chitchat.bye"}]}}""";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public TFactory Service { get; } = new();

    /// <summary>A client with the <c>manage</c> token, to ask the API what the page should show.</summary>
    public HttpClient Api { get; private set; } = null!;

    public Uri Root { get; private set; } = null!;

    public string ViewToken { get; private set; } = null!;

    public string ManageToken => Service.ManageToken;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>Why the tests are skipped (no chromium, or no PostgreSQL server for its tests), or null.</summary>
    public string? SkipReason =>
        Chromium.SkipReason ?? (typeof(TFactory) == typeof(PostgreSqlApiFactory) ? Testing.PostgreSql.PostgreSqlServer.SkipReason : null);

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

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

        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
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
        Api?.Dispose();
        await Service.DisposeAsync();
    }
}
