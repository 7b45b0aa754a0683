using System.Globalization;
using Microsoft.AspNetCore.Mvc.Filters;

namespace RasaPlatform.Api.Http;

/// <summary>Re-reads a number from the route as written: invariant culture, no digit grouping, no spaces, finite.</summary>
/// <remarks>
/// MVC binds <see cref="double"/> parameters with <see cref="NumberStyles.AllowThousands"/>, so <c>1,5</c> would bind
/// as 15 and act on the wrong message. A value this reading refuses is a 400 naming the parameter. What MVC itself
/// cannot bind (<c>abc</c>) is refused before, by <c>[ApiController]</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
internal sealed class StrictNumberRouteValueAttribute(string name) : ActionFilterAttribute
{
    /// <summary>The route value and action parameter, e.g. <c>message_timestamp</c>.</summary>
    public string Name { get; } = name;

    public override void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.RouteData.Values[Name] is not string raw)
        {
            return;
        }

        if (raw.AsSpan().Trim().Length == raw.Length && StrictDoubleModelBinder.TryParse(raw, out var value))
        {
            context.ActionArguments[Name] = value;
        }
        else
        {
            context.Result = Problems.Invalid(Name, $"'{Name}' must be a number written plainly, e.g. 1572900747.3998685 (no digit grouping, spaces, NaN or Infinity).");
        }
    }
}
