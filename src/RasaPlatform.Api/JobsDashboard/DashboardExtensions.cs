using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;

namespace RasaPlatform.Api.JobsDashboard;

/// <summary>The Hangfire dashboard at <c>/jobs</c>, behind a sign-in for manage tokens.</summary>
public static class DashboardExtensions
{
    private static readonly Lazy<bool> PageRegistered = new(() =>
    {
        // Hangfire's routes and menu are process-wide: register the page once, whatever the number of hosts.
        DashboardRoutes.Routes.AddRazorPage(MetadataPage.Route, _ => new MetadataPage());
        NavigationMenu.Items.Add(page => new MenuItem("Metadata", page.Url.To(MetadataPage.Route)) { Active = page.RequestPath.StartsWith(MetadataPage.Route, StringComparison.Ordinal) });
        return true;
    });

    /// <summary>Registers the dashboard cookie's authentication scheme.</summary>
    public static AuthenticationBuilder AddJobsDashboardCookie(this AuthenticationBuilder authentication) =>
        authentication.AddScheme<AuthenticationSchemeOptions, DashboardCookie>(DashboardCookie.SchemeName, configureOptions: null);

    /// <summary>Maps the gate and the dashboard; after authentication, so that a bearer header counts too.</summary>
    public static IApplicationBuilder UseJobsDashboard(this IApplicationBuilder app)
    {
        _ = PageRegistered.Value;
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(DashboardCookie.Path, StringComparison.Ordinal),
            gated => gated.UseMiddleware<DashboardGate>());
        return app.UseHangfireDashboard(
            DashboardCookie.Path,
            new DashboardOptions
            {
                AsyncAuthorization = [new DashboardAccess()],
                Authorization = [],
                DashboardTitle = "RasaPlatform jobs",
                AppPath = "/",
                DisplayStorageConnectionString = false,
            },
            app.ApplicationServices.GetRequiredService<JobStorage>());
    }
}
