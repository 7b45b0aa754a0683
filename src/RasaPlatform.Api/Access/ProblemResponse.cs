using Microsoft.AspNetCore.Mvc;

namespace RasaPlatform.Api.Access;

/// <summary>Writes a problem+json answer outside MVC, shaped as the API's own problems are (type, title, traceId).</summary>
/// <remarks>
/// Authentication and the dashboard's gate answer before MVC runs; they write through <see cref="IProblemDetailsService"/>,
/// whose first writer (<see cref="Http.ProblemJsonWriter"/>) writes every problem the same way.
/// </remarks>
internal static class ProblemResponse
{
    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = new ProblemDetails { Status = status, Detail = detail } })
            .ConfigureAwait(false);
    }
}
