using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>What <c>GET /api/admin/metadata</c> says of the metadata queue and the service's catch-up.</summary>
/// <param name="Pending">Conversations queued now, live writes' included.</param>
/// <param name="CatchUpEnded">
/// Whether a catch-up ran and has ended (<c>catch_up.ended</c> set, <c>catch_up.catching_up</c> false): the service's
/// latest claim of queued conversations came back less than full, so what is left fits in one batch.
/// </param>
/// <param name="MaintenanceDeferred">
/// Whether the store's indexes, counts and sums are still set aside (<c>maintenance_deferred</c>): the catch-up's
/// final pass, which makes statistics and analytics whole, has not run yet.
/// </param>
internal sealed record MetadataQueueStatus(long Pending, bool CatchUpEnded, bool MaintenanceDeferred = false)
{
    /// <summary>
    /// Whether a backlog (an import's) is gone while up to <paramref name="liveConversations"/> conversations that
    /// writers keep appending to may be queued: the queue is empty, or the catch-up has ended and no more than those
    /// are left; and the store's maintenance is whole again.
    /// </summary>
    public bool BacklogDrained(int liveConversations) =>
        !MaintenanceDeferred && (Pending == 0 || (CatchUpEnded && Pending <= liveConversations));

    /// <summary>
    /// How long to wait before asking again: each answer counts the queue, and at L a count of a million rows costs
    /// PostgreSQL ~0.1 s, so polling every 200 ms took a tenth of the machine from the job it measures. Often only
    /// near the end.
    /// </summary>
    public TimeSpan PollDelay => TimeSpan.FromMilliseconds(Pending > 20_000 ? 2_000 : 200);

    /// <summary>Reads the answer's <c>pending</c>, <c>catch_up</c> (taken as not ended when absent) and <c>maintenance_deferred</c>.</summary>
    public static MetadataQueueStatus Read(JsonElement root)
    {
        var ended = root.TryGetProperty("catch_up", out var c) && c.ValueKind == JsonValueKind.Object
            && c.TryGetProperty("catching_up", out var on) && on.ValueKind == JsonValueKind.False
            && c.TryGetProperty("ended", out var at) && at.ValueKind == JsonValueKind.Number;
        var deferred = root.TryGetProperty("maintenance_deferred", out var d) && d.ValueKind == JsonValueKind.True;
        return new MetadataQueueStatus(root.GetProperty("pending").GetInt64(), ended, deferred);
    }

    /// <summary>Asks the service <paramref name="client"/> (based at <c>/api/</c>).</summary>
    public static async Task<MetadataQueueStatus> GetAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("admin/metadata", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Read(document.RootElement);
    }
}
