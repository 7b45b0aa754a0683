using Microsoft.AspNetCore.Mvc;

namespace RasaPlatform.Api.Http;

/// <summary>A 200 attachment whose body is written straight to the response as it is produced.</summary>
/// <param name="fileName">The name the client saves it under; any text (see <see cref="ContentDisposition"/>).</param>
/// <param name="contentType">The body's media type.</param>
/// <param name="write">Writes the body to the stream; must write asynchronously only.</param>
internal sealed class AttachmentResult(string fileName, string contentType, Func<Stream, CancellationToken, Task> write) : ActionResult
{
    public override async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = ContentDisposition.Attachment(fileName);
        await write(response.Body, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
