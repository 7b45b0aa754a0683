using Microsoft.AspNetCore.Mvc;

namespace RasaPlatform.Api.Http;

/// <summary>A 200 whose body is written straight to the response as it is produced.</summary>
/// <param name="contentType">The body's media type.</param>
/// <param name="write">Writes the body to the stream; must write asynchronously only.</param>
/// <remarks>
/// Until <paramref name="write"/> first flushes, the response is not started: a failure before that still becomes a
/// problem response; after it, the response is aborted.
/// </remarks>
internal sealed class StreamedResult(string contentType, Func<Stream, CancellationToken, Task> write) : ActionResult
{
    public override async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        await write(response.Body, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
