using System.Text.Json;

namespace RasaPlatform.Benchmarks.Run.Steps;

/// <summary>Starts the service on the imported store and checks that it serves the long conversation whole.</summary>
internal sealed class ServiceStartStep : IMeasurementStep
{
    public string Name => "service start";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var store = context.ServiceStore ?? throw new InvalidOperationException("The bulk import step has not run.");
        var connections = Math.Max(context.Options.Clients, 1) + 2;
        context.Service = await ApiService.StartAsync(context.Repository.ApiAssembly, store, context.WorkFolder, connections, cancellationToken).ConfigureAwait(false);
        var events = await CountAsync(context.Service.Client, $"conversations/{LongConversation.SenderId}/events", cancellationToken).ConfigureAwait(false);
        context.Rows.Add(new ResultRow(
            $"events of {LongConversation.SenderId} served after the import (GET events)",
            events,
            "events",
            LongConversation.Events,
            Target: "all",
            Met: events == LongConversation.Events));
    }

    /// <summary>The length of the JSON array <paramref name="path"/> answers (or of its <c>events</c> property).</summary>
    public static async Task<int> CountAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var array = root.ValueKind == JsonValueKind.Array ? root
            : root.TryGetProperty("events", out var e) ? e
            : root.TryGetProperty("messages", out var m) ? m
            : throw new InvalidOperationException($"GET {path} answered neither an array nor an object with events.");
        return array.GetArrayLength();
    }
}
