using System.Diagnostics;
using Microsoft.Playwright;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>
/// The dashboard's first render in a real browser (Debian's chromium through Playwright): the overview as an analyst
/// opens it, signed in, each load in a new browser context (empty cache, so the page, its scripts and ECharts are
/// fetched too), timed by the page's own mark from navigation start to every chart and list drawn.
/// </summary>
/// <remarks>
/// Three views over every stored user message and every assistant: the default (weekly bins), daily bins, and the
/// API's own ten equal bins (Rasa X's default, which must count distinct conversations over arbitrary spans). The page asks the API what any analyst's page would: who the token is, the assistants, analytics with the
/// previous period, statistics with the previous period, and each assistant's markers.
/// </remarks>
internal sealed class DashboardRenderStep : IMeasurementStep
{
    /// <summary>The first-render target at p95, in milliseconds.</summary>
    public const double FirstRenderP95TargetMs = 1000;

    /// <summary>The mark overview.js sets once everything is drawn.</summary>
    private const string RenderedMark = "rasaplatform:overview-rendered";

    private const int Warmup = 3;
    private const int Loads = 20;
    private static readonly double[] Percentiles = [50, 95];

    public string Name => "dashboard first render";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var client = context.RequireService().Client;
        var root = new Uri(client.BaseAddress!, "/");
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("RASA_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        }).ConfigureAwait(false);

        foreach (var (key, view, hash) in new[]
        {
            ("default", "default: weekly bins over every user message", "#/"),
            ("daily", "daily bins over every user message", "#/?window=1d"),
            ("ten", "ten equal bins over every user message", "#/?window=auto"),
        })
        {
            var page = new Latencies();
            var wall = new Latencies();
            for (var load = 0; load < Warmup + Loads; load++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (pageMs, wallMs) = await LoadOnceAsync(browser, root, token, hash).ConfigureAwait(false);
                if (load >= Warmup)
                {
                    page.AddMilliseconds(pageMs);
                    wall.AddMilliseconds(wallMs);
                }
            }

            foreach (var p in Percentiles)
            {
                var met = p == 95 ? page.Percentile(p) <= FirstRenderP95TargetMs : (bool?)null;
                context.Rows.Add(new ResultRow(
                    $"dashboard overview first render, {view} (navigation start to every chart and top list drawn, new browser context each of {Loads} loads, chromium headless) p{p}",
                    page.Percentile(p),
                    "ms",
                    Target: p == 95 ? "≤ 1 s" : "",
                    Met: met));
            }

            context.AddRaw($"dashboard.{key}.wall_p50_ms", $"{wall.Percentile(50):F1}");
            context.Progress($"dashboard {view}: p50 {page.Percentile(50):F0} ms, p95 {page.Percentile(95):F0} ms");
        }
    }

    /// <summary>One cold load: the page's own mark, and the wall time from the navigation's request to the mark seen.</summary>
    private static async Task<(double Page, double Wall)> LoadOnceAsync(IBrowser browser, Uri root, string token, string hash)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } }).ConfigureAwait(false);

        // Signed in as a returning analyst is: the token already in the tab's session storage.
        await context.AddInitScriptAsync($"sessionStorage.setItem('rasaplatform.token', {System.Text.Json.JsonSerializer.Serialize(token)});").ConfigureAwait(false);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        await page.GotoAsync(new Uri(root, "/" + hash).ToString()).ConfigureAwait(false);
        await page.WaitForFunctionAsync($"() => performance.getEntriesByName('{RenderedMark}').length > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 5 }).ConfigureAwait(false);
        var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var mark = await page.EvaluateAsync<double>($"() => performance.getEntriesByName('{RenderedMark}')[0].startTime").ConfigureAwait(false);
        return (mark, wall);
    }
}
