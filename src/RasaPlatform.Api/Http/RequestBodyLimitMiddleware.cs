using Microsoft.Extensions.Options;
using RasaPlatform.Api.Hosting;

namespace RasaPlatform.Api.Http;

/// <summary>Rejects request bodies over <see cref="IngestionOptions.MaxBodyBytes"/> with 413, on any server.</summary>
/// <remarks>
/// A declared Content-Length over the limit is refused before reading; a chunked body fails with 413 once it passes
/// the limit. Nothing is stored either way, because events are validated and written only after the body is read.
/// </remarks>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<IngestionOptions> options)
{
    private readonly long _limit = options.Value.MaxBodyBytes;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _limit)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Request.ContentLength is null && context.Request.Body.CanRead)
        {
            context.Request.Body = new LimitedReadStream(context.Request.Body, _limit);
        }

        return next(context);
    }
}
