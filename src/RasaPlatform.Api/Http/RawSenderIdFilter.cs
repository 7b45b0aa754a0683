using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;

namespace RasaPlatform.Api.Http;

/// <summary>Takes <c>sender_id</c> from the raw request target, decoded exactly once.</summary>
/// <remarks>
/// Servers decode a path before routing except for <c>%2F</c>, so a route value cannot tell the id <c>a/b</c> (sent
/// as <c>a%2Fb</c>) from the id <c>a%2Fb</c> (sent as <c>a%252Fb</c>). Sender ids may hold any character, so every
/// conversation route re-reads its first segment after <c>/api/conversations/</c> from the raw target.
/// </remarks>
internal sealed class RawSenderIdFilter : IActionFilter
{
    private const string Argument = "sender_id";
    private const string Prefix = "/api/conversations/";

    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.ActionArguments.ContainsKey(Argument)
            && FromRawTarget(context.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget) is { } senderId)
        {
            context.ActionArguments[Argument] = senderId;
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }

    /// <summary>The decoded first path segment after <c>/api/conversations/</c>, or null when the target has none.</summary>
    public static string? FromRawTarget(string? rawTarget)
    {
        if (rawTarget is null)
        {
            return null;
        }

        var path = rawTarget.AsSpan();
        var query = path.IndexOfAny('?', '#');
        if (query >= 0)
        {
            path = path[..query];
        }

        if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var segment = path[Prefix.Length..];
        var end = segment.IndexOf('/');
        return Uri.UnescapeDataString((end < 0 ? segment : segment[..end]).ToString());
    }
}
