using System.Net;
using Microsoft.AspNetCore.Authentication;
using RasaPlatform.Api.Access;
using RasaPlatform.Core.Access;

namespace RasaPlatform.Api.JobsDashboard;

/// <summary>
/// Stands before the job dashboard under <see cref="DashboardCookie.Path"/>: serves its sign-in form and sign-out,
/// and lets a request through only for a token <see cref="DashboardAccess"/> allows, from a bearer header or the
/// dashboard's cookie.
/// </summary>
/// <remarks>
/// Without a token: a browser asking for a page is sent to the sign-in form (302), anything else gets a 401 problem.
/// With a token that may not use the dashboard: a 403 problem.
/// </remarks>
internal sealed class DashboardGate(RequestDelegate next)
{
    private const string SignIn = "/sign-in";
    private const string SignOut = "/sign-out";

    public async Task InvokeAsync(HttpContext context, ApiTokenService tokens)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(DashboardCookie.Path + SignIn, StringComparison.Ordinal))
        {
            await SignInAsync(context, tokens).ConfigureAwait(false);
            return;
        }

        if (path.StartsWithSegments(DashboardCookie.Path + SignOut, StringComparison.Ordinal) && HttpMethods.IsPost(context.Request.Method))
        {
            DashboardCookie.Clear(context);
            context.Response.Redirect(context.Request.PathBase + DashboardCookie.Path + SignIn, permanent: false);
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            return;
        }

        var user = await AuthenticateAsync(context).ConfigureAwait(false);
        if (user is null)
        {
            if (HttpMethods.IsGet(context.Request.Method) && AcceptsHtml(context.Request))
            {
                context.Response.Redirect(context.Request.PathBase + DashboardCookie.Path + SignIn);
                return;
            }

            await ProblemResponse.WriteAsync(
                context,
                StatusCodes.Status401Unauthorized,
                $"The job dashboard needs a manage token: sign in at {DashboardCookie.Path}{SignIn}, or send 'Authorization: Bearer <token>'.").ConfigureAwait(false);
            return;
        }

        if (!DashboardAccess.Allows(user))
        {
            await ProblemResponse.WriteAsync(context, StatusCodes.Status403Forbidden, DashboardAccess.Refusal(user)).ConfigureAwait(false);
            return;
        }

        context.User = user;
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The request's token principal: its bearer header's (already authenticated), else the cookie's; null for none.</summary>
    private static async Task<System.Security.Claims.ClaimsPrincipal?> AuthenticateAsync(HttpContext context)
    {
        if (ApiClaims.RoleOf(context.User) is not null)
        {
            return context.User;
        }

        var cookie = await context.AuthenticateAsync(DashboardCookie.SchemeName).ConfigureAwait(false);
        return cookie.Succeeded ? cookie.Principal : null;
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>GET: the form. POST (form field <c>token</c>): checks the token, sets the cookie and goes to the dashboard.</summary>
    private static async Task SignInAsync(HttpContext context, ApiTokenService tokens)
    {
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await FormAsync(context, StatusCodes.Status200OK, message: null).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, POST";
            await ProblemResponse.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Sign in with GET (the form) or POST (the form's token).").ConfigureAwait(false);
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await ProblemResponse.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Post the sign-in form: 'token' as application/x-www-form-urlencoded.").ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var presented = form["token"].ToString().Trim();
        var token = await tokens.AuthenticateAsync(presented, context.RequestAborted).ConfigureAwait(false);
        if (token is null)
        {
            await FormAsync(context, StatusCodes.Status401Unauthorized, "That token is malformed, unknown or revoked.").ConfigureAwait(false);
            return;
        }

        var user = ApiClaims.Principal(token);
        if (!DashboardAccess.Allows(user))
        {
            await FormAsync(context, StatusCodes.Status403Forbidden, DashboardAccess.Refusal(user)).ConfigureAwait(false);
            return;
        }

        DashboardCookie.Set(context, presented);
        context.Response.Redirect(context.Request.PathBase + DashboardCookie.Path);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
    }

    private static Task FormAsync(HttpContext context, int status, string? message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var error = message is null ? string.Empty : $"<p role=\"alert\" style=\"color:#a00\">{WebUtility.HtmlEncode(message)}</p>";
        var action = WebUtility.HtmlEncode(context.Request.PathBase + DashboardCookie.Path + SignIn);
        return context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>RasaPlatform jobs: sign in</title></head>
            <body style="font-family:sans-serif;max-width:32em;margin:4em auto">
            <h1>RasaPlatform jobs</h1>
            <p>Sign in with an API token of the <code>manage</code> role without assistant limits
            (<code>tokens create --role manage</code>). It is kept in an HttpOnly cookie for this page only.</p>
            {error}
            <form method="post" action="{action}">
            <label for="token">API token</label><br>
            <input id="token" name="token" type="password" autocomplete="off" size="60" required autofocus>
            <button type="submit">Sign in</button>
            </form>
            </body>
            </html>
            """,
            context.RequestAborted);
    }
}
