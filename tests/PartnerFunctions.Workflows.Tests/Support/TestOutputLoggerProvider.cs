using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace PartnerFunctions.Workflows.Tests.Support;

/// <summary>Writes logs at or above a level to a test's output (shown when the test fails, or with detailed logging).</summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output, LogLevel minimum) : ILoggerProvider
{
    private volatile bool _disposed;

    public LogLevel Minimum { get; } = minimum;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => _disposed = true;

    private void Write(string category, LogLevel level, string message, Exception? exception)
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {level,-11} {category}: {message}{(exception is null ? string.Empty : "\n" + exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test finished while a background log was written: nothing left to write to.
        }
    }

    private sealed class Logger(TestOutputLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.Minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, formatter(state, exception), exception);
            }
        }
    }
}
