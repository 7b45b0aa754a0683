using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace RasaPlatform.Api.Access;

/// <summary>Writes a problem+json answer outside MVC, shaped as the API's own problems are (type, title, traceId).</summary>
/// <remarks>
/// <see cref="IProblemDetailsService"/> hands controller endpoints to MVC's writer, which writes nothing for them when
/// the controller's API behaviour comes from the assembly attribute; authentication answers before MVC runs, so it
/// writes the body itself.
/// </remarks>
internal static class ProblemResponse
{
    public static Task WriteAsync(HttpContext context, int status, string detail)
    {
        var factory = context.RequestServices.GetRequiredService<ProblemDetailsFactory>();
        var problem = factory.CreateProblemDetails(context, status, detail: detail);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), options: null, contentType: Http.Problems.ContentType, context.RequestAborted);
    }
}
