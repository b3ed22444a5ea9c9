using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ListingScanner.Worker.Tests.Kafka;

/// <summary>Routes the worker's log lines to the test's output, so a failing integration test shows what happened.</summary>
internal sealed class TestOutputLogger(ITestOutputHelper output, string category) : ILogger
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static ILoggerFactory Factory(ITestOutputHelper output, LogLevel minimum = LogLevel.Information) =>
        new Provider(output, minimum);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{Clock.Elapsed.TotalSeconds,8:F2}s {logLevel,-11} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished; late lines from background threads have nowhere to go.
        }
    }

    private sealed class Provider(ITestOutputHelper output, LogLevel minimum) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => new Filtered(new TestOutputLogger(output, categoryName), minimum);

        public void Dispose()
        {
        }
    }

    private sealed class Filtered(ILogger inner, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
