using Microsoft.Extensions.FileProviders;

namespace RasaPlatform.Api.Dashboard;

/// <summary>
/// The analysts' dashboard: one page at <c>/</c> and its scripts and styles under <see cref="AssetsPath"/>, embedded
/// in the assembly so that the page is there however the service starts (<c>dotnet run</c> from any folder, the
/// published image, a test host). The page is static; everything it shows it asks the API for, with the token the
/// analyst signs in with, so the API stays the one place that decides who sees what.
/// </summary>
internal static class DashboardSite
{
    /// <summary>Where the page's files are served.</summary>
    public const string AssetsPath = "/assets";

    /// <summary>Third-party files live under a folder named with their version, so a browser may keep them for good.</summary>
    private const string VendorPath = AssetsPath + "/vendor";

    /// <summary>The embedded files, rooted where <c>Dashboard/Site</c> is in the project.</summary>
    private const string Root = "Dashboard/Site";

    /// <summary>
    /// Scripts and styles from this service only; the API is the only place the page talks to. ECharts writes its
    /// tooltips' styles inline, hence <c>'unsafe-inline'</c> for styles (never for scripts).
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly ManifestEmbeddedFileProvider Files = new ManifestEmbeddedFileProvider(typeof(DashboardSite).Assembly, Root);

    /// <summary>Serves the page at <c>/</c> and its assets; anonymous, as the page holds no data.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(typeof(DashboardSite).Assembly, Root + AssetsPath),
            RequestPath = AssetsPath,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments(VendorPath, StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });

        app.MapGet("/", (HttpContext context) =>
        {
            var page = Files.GetFileInfo("index.html");
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.CacheControl = "no-cache";
            headers["Referrer-Policy"] = "no-referrer";
            return Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8");
        }).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
