using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Net.Http.Headers;

namespace RasaPlatform.Api.Http;

/// <summary>Refuses a JSON request body declared in a charset other than UTF-8 with a 415 naming <c>Content-Type</c>.</summary>
/// <remarks>
/// JSON exchanged between systems must be UTF-8 (RFC 8259 §8.1), and Rasa sends nothing else. MVC would transcode a
/// declared <c>charset=utf-16</c> and fail on a body that is not UTF-16 with a 500; runs before model binding, so no
/// such body is read at all. Only <c>utf-8</c>, in any case, passes (MVC itself refuses other spellings of it).
/// </remarks>
internal sealed class Utf8JsonBodyFilter : IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        if (!MediaTypeHeaderValue.TryParse(context.HttpContext.Request.ContentType, out var type) || !IsJson(type)
            || type.Parameters.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)) is not { } parameter)
        {
            return;
        }

        // An empty charset (`charset=`) is refused too: MVC failed on it with a 500.
        var charset = parameter.Value.Value?.Trim('"') ?? string.Empty;
        if (!IsUtf8(charset))
        {
            context.Result = Problems.Named(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported Media Type",
                HeaderNames.ContentType,
                $"A JSON or YAML body must be UTF-8 (RFC 8259 §8.1); charset '{charset}' is not accepted. Send it as UTF-8, with charset=utf-8 or none.");
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }

    /// <summary>JSON, and the YAML of marker configurations (which is read as UTF-8 too).</summary>
    private static bool IsJson(MediaTypeHeaderValue type) =>
        type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)
        || Markers.MarkerBodyFormatter.YamlTypes.Any(t => type.MediaType.Equals(t, StringComparison.OrdinalIgnoreCase));

    private static bool IsUtf8(string charset) => charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
}
