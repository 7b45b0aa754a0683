using System.Globalization;
using System.Net;
using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Listing;

/// <summary>One answer of <c>GET /api/conversations</c>: status, the paging headers and the page's sender ids.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Total"><c>X-Total-Count</c>; null when absent or unreadable.</param>
/// <param name="NextOffset"><c>next_offset</c>; null when absent.</param>
/// <param name="SenderIds">The page's conversations, in order.</param>
internal sealed record ListingPage(HttpStatusCode Status, long? Total, long? NextOffset, IReadOnlyList<string> SenderIds)
{
    /// <summary>Asks <paramref name="client"/> (based at <c>/api/</c>) for <c>conversations?<paramref name="queryString"/></c>.</summary>
    public static async Task<ListingPage> GetAsync(HttpClient client, string queryString, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("conversations?" + queryString, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return new ListingPage(response.StatusCode, null, null, []);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        var senders = document.RootElement.EnumerateArray().Select(c => c.GetProperty("sender_id").GetString()!).ToList();
        return new ListingPage(response.StatusCode, Header(response, "X-Total-Count"), Header(response, "next_offset"), senders);
    }

    /// <summary>The integer value of header <paramref name="name"/>; null when absent or not an integer.</summary>
    public static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
