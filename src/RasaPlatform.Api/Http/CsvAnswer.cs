using Microsoft.AspNetCore.Mvc;
using RasaPlatform.Core.Csv;
using RasaPlatform.Core.Events;

namespace RasaPlatform.Api.Http;

/// <summary>
/// The CSV representation of an answer: asked for by <c>format=csv</c> (for links) or by <c>Accept: text/csv</c>
/// (unless the header prefers JSON); written as rows of <see cref="CsvRows"/>, streamed as a UTF-8 attachment.
/// </summary>
internal static class CsvAnswer
{
    /// <summary>Whether the request asks for CSV.</summary>
    /// <exception cref="InvalidEventException">Field <c>format</c>: neither <c>csv</c> nor <c>json</c>.</exception>
    public static bool Wanted(HttpRequest request, string? format)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (format)
        {
            case "csv":
                return true;
            case "json":
                return false;
            case null or "":
                var accept = request.GetTypedHeaders().Accept;
                double Quality(Func<string, bool> matches) =>
                    accept.Where(a => a.MediaType.HasValue && matches(a.MediaType.Value!)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
                var csv = Quality(t => t.Equals("text/csv", StringComparison.OrdinalIgnoreCase));
                var json = Quality(t => t is "*/*" || t.Equals("application/json", StringComparison.OrdinalIgnoreCase) || t.Equals("application/*", StringComparison.OrdinalIgnoreCase));
                return csv > 0 && csv >= json;
            default:
                throw new InvalidEventException("format", "'format' must be csv or json.");
        }
    }

    /// <summary>A 200 attachment named <paramref name="fileName"/> holding <paramref name="header"/> and the rows, written as they come.</summary>
    public static ActionResult Rows(string fileName, string header, Func<CancellationToken, IAsyncEnumerable<string>> rows) =>
        new AttachmentResult(fileName, CsvRows.ContentType, async (body, cancellationToken) =>
        {
            await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false), bufferSize: 64 * 1024) { NewLine = "\r\n" };
            await writer.WriteLineAsync(header).ConfigureAwait(false);
            await foreach (var row in rows(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteLineAsync(row).ConfigureAwait(false);
            }
        });
}
