using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Api.Http;

/// <summary>Writes a JSON response straight from stored raw JSON, without building an object model first.</summary>
internal sealed class JsonStreamResult(Action<Utf8JsonWriter> write) : ActionResult
{
    public override async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, RawJson.CompactWriter);
        write(writer);
        await writer.FlushAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
