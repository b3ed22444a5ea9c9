using System.CommandLine;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ListingScanner.Commands;

/// <summary><c>listing-scanner run</c>: the Kafka worker, configured from appsettings.json and environment variables.</summary>
internal static class RunCommand
{
    /// <summary>Exit code for configuration a person has to fix (bad key, missing dictionary).</summary>
    public const int ConfigurationError = 2;

    public static Command Create()
    {
        var command = new Command(
            "run",
            "Run the streaming worker: consume listings from Kafka, publish takedown/review verdicts. "
            + "Configured by environment variables (Kafka__BootstrapServers, Topics__*, Worker__*, ...); see CONFIGURATION.md.");
        command.SetAction(async (_, cancellationToken) => await RunAsync(cancellationToken).ConfigureAwait(false));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var builder = WorkerHost.CreateBuilder();
        WorkerOptions options;
        WildlifeDictionary dictionary;
        try
        {
            options = WorkerOptionsReader.Read(builder.Configuration);
            dictionary = LoadDictionary(options.DictionaryPath);
        }
        catch (ConfigurationException ex)
        {
            await Console.Error.WriteLineAsync("listing-scanner run: " + ex.Message).ConfigureAwait(false);
            return ConfigurationError;
        }

        return await RunHostAsync(WorkerHost.Build(builder, options, dictionary, DictionaryLoader.Load), "run", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads the starting dictionary; a bad file is a configuration error naming Dictionary__Path.</summary>
    public static WildlifeDictionary LoadDictionary(string path)
    {
        try
        {
            return DictionaryLoader.Load(path);
        }
        catch (Exception ex) when (ex is DictionaryLoadException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException("Dictionary__Path: " + ex.Message);
        }
    }

    /// <summary>Runs a built worker host to the end and returns the process exit code.</summary>
    public static async Task<int> RunHostAsync(WebApplication app, string commandName, CancellationToken cancellationToken)
    {
        var exit = app.Services.GetRequiredService<WorkerExit>();
        try
        {
            await app.RunAsync().WaitAsync(Timeout.InfiniteTimeSpan, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"listing-scanner {commandName}: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }
        catch (IOException ex)
        {
            // Typically the HTTP port is taken.
            await Console.Error.WriteLineAsync($"listing-scanner {commandName}: Http__Port: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }

        if (exit.Error is ConfigurationException configError)
        {
            await Console.Error.WriteLineAsync($"listing-scanner {commandName}: {configError.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        _ = cancellationToken; // Ctrl+C / SIGTERM reach the host through its own console lifetime.
        return exit.Code;
    }
}
