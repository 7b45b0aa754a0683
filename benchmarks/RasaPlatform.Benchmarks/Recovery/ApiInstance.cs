using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using RasaPlatform.Benchmarks.Run;

namespace RasaPlatform.Benchmarks.Recovery;

/// <summary>
/// One service instance that is killed and started again: the same program, store settings, port and token every
/// time, a new process (and a new client) each life.
/// </summary>
/// <remarks>
/// Clients of earlier lives are kept until disposal, so a writer still holding one gets connection errors, never
/// <see cref="ObjectDisposedException"/>.
/// </remarks>
internal sealed class ApiInstance(string name, string assembly, IReadOnlyList<string> settings, string workingDirectory, string token) : IAsyncDisposable
{
    /// <summary>How often <see cref="WaitUntilAnsweringAsync"/> asks <c>GET /api/version</c>.</summary>
    public const int PollIntervalMs = 10;

    private readonly List<HttpClient> _clients = [];
    private ChildProcess? _process;
    private HttpClient? _client;
    private bool _killed = true;

    /// <summary>A short name for tables: <c>A</c>, <c>B</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The loopback port every life listens on.</summary>
    public int Port { get; } = ApiService.FreePort();

    /// <summary>The current life's process id (the service's own <c>Environment.ProcessId</c>); null before the first start.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>A client of the current life, based at <c>/api/</c>, sending the <c>manage</c> token.</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException($"Instance {Name} was never started.");

    /// <summary>The current life's last output lines.</summary>
    public IReadOnlyList<string> Tail => _process?.Tail ?? [];

    /// <summary>Starts a new life; the previous one must have been killed.</summary>
    public void Start()
    {
        if (!_killed)
        {
            throw new InvalidOperationException($"Instance {Name} is still running.");
        }

        _killed = false;
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");
        _process = ChildProcess.Start("dotnet", [assembly, "--Urls=" + url, .. settings], workingDirectory);
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 16, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false };
        _client = new HttpClient(handler) { BaseAddress = new Uri(url + "/api/"), Timeout = TimeSpan.FromSeconds(30) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _clients.Add(_client);
    }

    /// <summary>Polls <c>GET /api/version</c> every <see cref="PollIntervalMs"/> ms until it answers 200.</summary>
    /// <exception cref="TimeoutException">No 200 within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The process exited meanwhile.</exception>
    public async Task WaitUntilAnsweringAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (_killed || _process is null or { HasExited: true })
            {
                throw new InvalidOperationException($"Instance {Name} exited while starting:{Environment.NewLine}{string.Join(Environment.NewLine, Tail)}");
            }

            try
            {
                using var response = await Client.GetAsync("version", cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(PollIntervalMs, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"Instance {Name} did not answer within {timeout.TotalSeconds:0} s:{Environment.NewLine}{string.Join(Environment.NewLine, Tail)}");
    }

    /// <summary>Kills the current life with SIGKILL (no shutdown of any kind) and waits until it is gone.</summary>
    /// <remarks>The service runs in the <c>dotnet</c> process itself (the muxer hosts the runtime), which starts no children.</remarks>
    public async Task KillAsync()
    {
        if (_process is { } process && !_killed)
        {
            _killed = true;
            process.KillNow();
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
