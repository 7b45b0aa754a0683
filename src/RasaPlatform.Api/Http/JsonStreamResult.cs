using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Core.Dumps;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Api.Http;

/// <summary>Writes a JSON response straight from stored raw JSON as it is read, without building an object model first.</summary>
/// <remarks>
/// The writer goes to the response stream; a writer that produces much calls <see cref="FlushIfFullAsync"/> as it
/// goes, so that what is held at once does not grow with the answer (a 32 MiB conversation is never in memory whole).
/// Until the first flush nothing is sent: a failure before it still becomes a problem response.
/// </remarks>
internal sealed class JsonStreamResult(Func<Utf8JsonWriter, CancellationToken, Task> write) : ActionResult
{
    public override async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var cancellationToken = context.HttpContext.RequestAborted;
        await using var writer = new Utf8JsonWriter(response.Body, RawJson.CompactWriter);
        await write(writer, cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends what <paramref name="writer"/> holds once it holds <see cref="JsonDumpWriter.FlushBytes"/> or more.</summary>
    public static async ValueTask FlushIfFullAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        if (writer.BytesPending >= JsonDumpWriter.FlushBytes)
        {
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
