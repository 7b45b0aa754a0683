using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace RasaPlatform.Testing.RabbitMq;

/// <summary>The RabbitMQ broker the feed tests run against, found like PostgreSQL's: through an environment variable.</summary>
/// <remarks>
/// <c>RASA_TEST_RABBITMQ</c> holds an AMQP URI; <c>build/rabbitmq.sh</c> starts the machine's broker and prints one.
/// Without a reachable broker the tests are skipped, except under <c>CI=true</c>, where they fail.
/// </remarks>
public static class RabbitMqServer
{
    public const string Variable = "RASA_TEST_RABBITMQ";

    private static readonly Lazy<string?> Problem = new(Probe);

    /// <summary>Why the broker's tests are skipped, or null when they run (a broker answers, or this is CI).</summary>
    public static string? SkipReason => PostgreSql.PostgreSqlServer.InCi || Problem.Value is null
        ? null
        : $"{Problem.Value} Run build/rabbitmq.sh and export {Variable} to run the RabbitMQ tests.";

    /// <summary>The broker's AMQP URI.</summary>
    /// <exception cref="InvalidOperationException">No broker answers (under CI, this fails the tests).</exception>
    public static string Uri => Problem.Value is { } problem
        ? throw new InvalidOperationException($"RabbitMQ tests need a broker: {problem} Run build/rabbitmq.sh and export {Variable}.")
        : Environment.GetEnvironmentVariable(Variable)!;

    /// <summary>A connection to the broker, as a test's publisher.</summary>
    public static Task<IConnection> ConnectAsync() =>
        new ConnectionFactory { Uri = new Uri(Uri), ClientProvidedName = "RasaPlatform tests" }.CreateConnectionAsync();

    /// <summary>
    /// Restarts the broker's application (<c>rabbitmqctl stop_app</c>, a pause, <c>start_app</c>): every connection is
    /// closed and refused until it is back; durable queues keep their persistent messages.
    /// </summary>
    public static async Task RestartAsync(TimeSpan down)
    {
        await ControlAsync("stop_app");
        await Task.Delay(down);
        await ControlAsync("start_app");
        await ControlAsync("await_startup");
    }

    /// <summary>Closes every client connection the broker has, as a network failure would, and keeps running.</summary>
    public static Task CloseAllConnectionsAsync() => ControlAsync("close_all_connections", "closed by a test");

    private static async Task ControlAsync(params string[] arguments)
    {
        var verb = arguments[0];
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", ["-q", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("rabbitmqctl could not be started.");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {verb} failed ({process.ExitCode}): {await error}");
        }
    }

    private static string? Probe()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } uri)
        {
            return $"{Variable} is not set.";
        }

        try
        {
            using var connection = new ConnectionFactory { Uri = new Uri(uri), RequestedConnectionTimeout = TimeSpan.FromSeconds(5) }
                .CreateConnectionAsync().GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e) when (e is BrokerUnreachableException or UriFormatException or ArgumentException)
        {
            return $"No RabbitMQ answers at {Variable} ({e.Message}).";
        }
    }
}

/// <summary>A test that needs the RabbitMQ broker: skipped without one, except under <c>CI=true</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RabbitMqFactAttribute : FactAttribute
{
    public RabbitMqFactAttribute()
    {
        Skip = RabbitMqServer.SkipReason;
    }
}
