using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace RasaPlatform.Benchmarks.Run;

/// <summary>The Api running as a child process on a free loopback port, and a client for it.</summary>
internal sealed class ApiService : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ChildProcess _process;

    private ApiService(ChildProcess process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    /// <summary>A client whose base address is the service's <c>/api/</c>, sending a <c>manage</c> token.</summary>
    public HttpClient Client { get; }

    public ChildProcess Process => _process;

    /// <summary>
    /// Starts <c>dotnet <paramref name="assembly"/></c> with <paramref name="settings"/> and waits until it is ready;
    /// the client keeps at most <paramref name="connections"/> connections open at once.
    /// </summary>
    public static async Task<ApiService> StartAsync(
        string assembly, IEnumerable<string> settings, string workingDirectory, int connections, CancellationToken cancellationToken)
    {
        var token = await CreateTokenAsync(assembly, settings, workingDirectory, cancellationToken).ConfigureAwait(false);
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var process = ChildProcess.Start("dotnet", [assembly, "--Urls=" + url, .. settings], workingDirectory);
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false };
        var client = new HttpClient(handler) { BaseAddress = new Uri(url + "/api/"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var service = new ApiService(process, client);
        try
        {
            await service.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            return service;
        }
        catch
        {
            await service.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Creates a <c>manage</c> token in the store with the program's own <c>tokens create</c> command, as a user would:
    /// the service is measured with authentication on, every request looking its token up.
    /// </summary>
    public static async Task<string> CreateTokenAsync(
        string assembly, IEnumerable<string> settings, string workingDirectory, CancellationToken cancellationToken)
    {
        await using var command = ChildProcess.Start("dotnet", [assembly, "tokens", "create", "--role", "manage", "--name", "benchmark", .. settings], workingDirectory);
        var exit = await command.WaitForExitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
        return exit == 0 && command.Tail.FirstOrDefault(l => l.StartsWith("rp_", StringComparison.Ordinal)) is { } token
            ? token.Trim()
            : throw new InvalidOperationException("tokens create failed:" + Environment.NewLine + string.Join(Environment.NewLine, command.Tail));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("The service exited while starting:" + Environment.NewLine + string.Join(Environment.NewLine, _process.Tail));
            }

            try
            {
                using var response = await Client.GetAsync("health/ready", cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"The service was not ready within {StartTimeout.TotalSeconds:0} s:" + Environment.NewLine + string.Join(Environment.NewLine, _process.Tail));
    }

    /// <summary>A loopback port nobody listens on now (the kernel's pick; free until someone binds it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
