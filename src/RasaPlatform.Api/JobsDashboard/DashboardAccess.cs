using System.Security.Claims;
using Hangfire.Dashboard;
using RasaPlatform.Api.Access;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.JobsDashboard;

/// <summary>Who may use the job dashboard: a <c>manage</c> token without assistant limits, since jobs act on every assistant.</summary>
internal sealed class DashboardAccess : IDashboardAsyncAuthorizationFilter
{
    /// <summary>The rule, in one place: the dashboard's gate and Hangfire's own check both ask it.</summary>
    public static bool Allows(ClaimsPrincipal? user) =>
        ApiClaims.RoleOf(user) == ApiRole.Manage && !ApiClaims.AccessOf(user).IsLimited;

    /// <summary>Why <paramref name="user"/>, who has a token, may not use the dashboard.</summary>
    public static string Refusal(ClaimsPrincipal? user) =>
        ApiClaims.RoleOf(user) != ApiRole.Manage
            ? "The job dashboard needs a token with the manage role."
            : "The job dashboard acts on every assistant's conversations, so it needs a token without assistant limits.";

    public Task<bool> AuthorizeAsync(DashboardContext context) => Task.FromResult(Allows(context.GetHttpContext().User));
}
