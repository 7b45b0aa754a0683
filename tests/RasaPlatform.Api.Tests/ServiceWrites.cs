using System.Net;
using System.Text;
using System.Text.Json;

namespace RasaPlatform.Api.Tests;

/// <summary>Writes through the real HTTP endpoints, reads JSON back, and waits for the metadata job.</summary>
internal static class ServiceWrites
{
    /// <summary>Replaces a conversation's events (<c>PUT …/tracker</c>).</summary>
    public static async Task PutAsync(HttpClient client, string sender, string events)
    {
        using var response = await client.PutAsync(
            new Uri($"/api/conversations/{Uri.EscapeDataString(sender)}/tracker", UriKind.Relative),
            new StringContent(events, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT {sender}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Appends events to a conversation (<c>POST …/tracker/events</c>).</summary>
    public static async Task PostAsync(HttpClient client, string sender, string events)
    {
        using var response = await client.PostAsync(
            new Uri($"/api/conversations/{Uri.EscapeDataString(sender)}/tracker/events", UriKind.Relative),
            new StringContent(events, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {sender}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>GETs <paramref name="pathAndQuery"/>, asserts 200 and returns the JSON body.</summary>
    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string pathAndQuery)
    {
        using var response = await client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pathAndQuery}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Waits until the metadata job has emptied its queue: statistics and analytics then show every write.</summary>
    public static async Task WaitForMetadataAsync(HttpClient client)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await GetJsonAsync(client, "/api/admin/metadata");
            if (status.GetProperty("pending").GetInt64() == 0)
            {
                return;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the metadata job did not catch up within 60 s");
            await Task.Delay(50);
        }
    }

    public static long[] Longs(JsonElement result, string property) =>
        [.. result.GetProperty(property).EnumerateArray().Select(e => e.GetInt64())];

    public static double[] Doubles(JsonElement result, string property) =>
        [.. result.GetProperty(property).EnumerateArray().Select(e => e.GetDouble())];

    public static string Marker() => "m" + Guid.NewGuid().ToString("N")[..12];
}
