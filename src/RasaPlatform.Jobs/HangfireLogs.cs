using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace RasaPlatform.Jobs;

/// <summary>
/// Hangfire's log provider: sends its logs to the logger factory of the host that configured Hangfire last.
/// </summary>
/// <remarks>
/// Hangfire's log provider is process-wide and its components keep the loggers they got, while a host's logger factory
/// dies with the host. Hangfire's own provider then throws <see cref="ObjectDisposedException"/> from every other
/// host in the process once the first is disposed (several hosts in one test run). This one looks the factory up at
/// every message and drops messages while there is none; with one host per process, as in production, it is the
/// host's factory throughout.
/// </remarks>
internal sealed class HangfireLogs : ILogProvider
{
    private static volatile ILoggerFactory? s_current;

    /// <summary>Makes <paramref name="factory"/> the one Hangfire logs to, and this the provider Hangfire uses.</summary>
    public static ILogProvider For(ILoggerFactory factory)
    {
        s_current = factory;
        return new HangfireLogs();
    }

    public ILog GetLogger(string name) => new NamedLog(name);

    private sealed class NamedLog(string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (s_current is not { } factory)
            {
                return false;
            }

            try
            {
                var logger = factory.CreateLogger(name);
                var level = Level(logLevel);
                if (messageFunc is null || !logger.IsEnabled(level))
                {
                    return logger.IsEnabled(level);
                }

#pragma warning disable CA1848, CA2254 // Hangfire hands over finished messages; there is no template to cache.
                logger.Log(level, exception, messageFunc());
#pragma warning restore CA1848, CA2254
                return true;
            }
            catch (ObjectDisposedException)
            {
                // The host that owned the factory is gone; its successor (if any) takes over at its configuration.
                return false;
            }
        }

        private static LogLevel Level(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => LogLevel.Trace,
            HangfireLevel.Debug => LogLevel.Debug,
            HangfireLevel.Info => LogLevel.Information,
            HangfireLevel.Warn => LogLevel.Warning,
            HangfireLevel.Error => LogLevel.Error,
            HangfireLevel.Fatal => LogLevel.Critical,
            _ => LogLevel.None,
        };
    }
}
