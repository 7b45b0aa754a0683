using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RasaPlatform.Api.Tests;

/// <summary>Keeps every warning and error the service logs, as "Category: message".</summary>
public sealed class WarningCollector : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Messages);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                messages.Enqueue($"{category}: {formatter(state, exception)}");
            }
        }
    }
}
