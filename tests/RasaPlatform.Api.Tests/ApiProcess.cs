using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace RasaPlatform.Api.Tests;

/// <summary>
/// The built service as a real process (<c>dotnet RasaPlatform.Api.dll</c>, from beside this test assembly) on a
/// loopback port of its own, which a test can kill with SIGKILL and start again on the same store, port and token.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private const int TailLines = 60;

    private static readonly string Assembly = Path.Combine(AppContext.BaseDirectory, "RasaPlatform.Api.dll");

    private readonly IReadOnlyList<string> _settings;
    private readonly string _workingDirectory;
    private readonly string _token;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly List<HttpClient> _clients = [];
    private Process? _process;
    private HttpClient? _client;

    private ApiProcess(string name, IReadOnlyList<string> settings, string workingDirectory, string token)
    {
        Name = name;
        _settings = settings;
        _workingDirectory = workingDirectory;
        _token = token;
    }

    public string Name { get; }

    public int Port { get; } = FreePort();

    /// <summary>The running process's id, which is the service's own <c>Environment.ProcessId</c>.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Name} is not running.");

    /// <summary>A client of the current process: base address the service's root, sending the <c>manage</c> token.</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException($"{Name} was never started.");

    /// <summary>The last lines the processes wrote, for failure messages.</summary>
    public string Tail => string.Join(Environment.NewLine, _tail);

    /// <summary>Creates a <c>manage</c> token in the store with the program's <c>tokens create</c> command.</summary>
    public static async Task<string> CreateTokenAsync(IReadOnlyList<string> settings, string workingDirectory)
    {
        using var command = Process.Start(Info(["tokens", "create", "--role", "manage", "--name", "recovery test", .. settings], workingDirectory))
            ?? throw new InvalidOperationException("Could not start the tokens command.");
        var output = command.StandardOutput.ReadToEndAsync();
        var error = command.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await command.WaitForExitAsync(timeout.Token);
        return command.ExitCode == 0
            ? (await output).Trim()
            : throw new InvalidOperationException($"tokens create failed ({command.ExitCode}): {await error}");
    }

    /// <summary>Starts the service (not yet answering: see <see cref="WaitUntilAnsweringAsync"/>).</summary>
    public static ApiProcess Start(string name, IReadOnlyList<string> settings, string workingDirectory, string token)
    {
        var process = new ApiProcess(name, settings, workingDirectory, token);
        process.Restart();
        return process;
    }

    /// <summary>Starts a new process on the same settings, port and token; the previous one must be gone.</summary>
    public void Restart()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"{Name} is still running.");
        }

        _process?.Dispose();
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");
        _process = Process.Start(Info([$"--Urls={url}", .. _settings], _workingDirectory))
            ?? throw new InvalidOperationException($"Could not start {Name}.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        _clients.Add(_client);
    }

    /// <summary>Polls <c>GET /api/version</c> every 10 ms until it answers 200.</summary>
    public async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (_process is null or { HasExited: true })
            {
                throw new InvalidOperationException($"{Name} exited while starting:{Environment.NewLine}{Tail}");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri("/api/version", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{Name} did not answer within {timeout.TotalSeconds:0} s:{Environment.NewLine}{Tail}");
    }

    /// <summary>Kills the process with SIGKILL (Process.Kill on Linux): no shutdown, no claims released.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static ProcessStartInfo Info(IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _tail.Enqueue($"[{Name}] {line}");
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
