using Microsoft.Playwright;
using Xunit.Sdk;

namespace RasaPlatform.Api.Tests.Dashboard;

/// <summary>
/// Debian's chromium (installed by <c>.ci/run</c>; Playwright's own browser downloads fail here), driven by Playwright
/// for .NET. Outside CI the browser tests are skipped when it is missing; with <c>CI=true</c> they run and fail.
/// </summary>
public static class Chromium
{
    /// <summary>Names another executable than <c>/usr/bin/chromium</c>.</summary>
    public const string Variable = "RASA_TEST_CHROMIUM";

    public static string Executable { get; } =
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string? SkipReason { get; } =
        File.Exists(Executable) || Environment.GetEnvironmentVariable("CI") == "true"
            ? null
            : $"No chromium at {Executable} (apt-get install chromium, or set {Variable}).";

    /// <summary>Headless, without the background connections this machine's closed network refuses.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
}

/// <summary>
/// A test that needs chromium: skipped without it, except under <c>CI=true</c>; in a class marked
/// <see cref="Testing.PostgreSql.RequiresPostgreSqlAttribute"/> also skipped as a contract test is without the server.
/// </summary>
[XunitTestCaseDiscoverer("RasaPlatform.Testing.PostgreSql.ContractFactDiscoverer", "RasaPlatform.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        Skip = Chromium.SkipReason;
    }
}
