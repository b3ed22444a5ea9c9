using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scanning;
using ListingScanner.Http;
using ListingScanner.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ListingScanner.Worker;

/// <summary>Composes the worker process: Kestrel (metrics, health, scan API), the pipeline and dictionary hot reload.</summary>
internal static class WorkerHost
{
    /// <summary>A builder reading appsettings.json (next to the executable) and environment variables (Section__Key).</summary>
    public static WebApplicationBuilder CreateBuilder() =>
        WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });

    /// <summary>
    /// Builds the host. <paramref name="dictionary"/> is the already-validated dictionary to start with;
    /// <paramref name="load"/> reloads it from <see cref="WorkerOptions.DictionaryPath"/> when the file changes
    /// (null: no hot reload, e.g. a dictionary built in code).
    /// </summary>
    public static WebApplication Build(
        WebApplicationBuilder builder,
        WorkerOptions options,
        WildlifeDictionary dictionary,
        Func<string, WildlifeDictionary>? load,
        LogLevel minimumLogLevel = LogLevel.Information)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            // One line per event: log collectors and people reading `kubectl logs` both want that.
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", minimumLogLevel > LogLevel.Information ? minimumLogLevel : LogLevel.Information);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(options.HttpPort));
        builder.Services.Configure<HostOptions>(host =>
        {
            // The drain needs its full deadline plus time to commit and leave the group.
            host.ShutdownTimeout = options.DrainTimeout + TimeSpan.FromSeconds(15);
        });

        var engines = new ScanEngineHolder(ScanEngine.Create(dictionary));
        builder.Services.AddScannerTelemetry();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(engines);
        builder.Services.AddSingleton<ReadinessState>();
        builder.Services.AddSingleton<WorkerExit>();
        builder.Services.AddSingleton<ListingPipeline>();
        builder.Services.AddHostedService<WorkerService>();
        if (load is not null)
        {
            builder.Services.AddHostedService(sp => new DictionaryReloader(
                options.DictionaryPath,
                TimeSpan.FromSeconds(options.DictionaryPollSeconds),
                load,
                engines,
                sp.GetRequiredService<ScannerMetrics>(),
                sp.GetRequiredService<ILogger<DictionaryReloader>>()));
        }

        var app = builder.Build();
        var metrics = app.Services.GetRequiredService<ScannerMetrics>();
        metrics.ObserveDictionary(() => engines.Current is { } e ? (e.DictionaryVersion, e.Dictionary.Entries.Count) : null);
        app.MapScannerEndpoints();
        return app;
    }
}
