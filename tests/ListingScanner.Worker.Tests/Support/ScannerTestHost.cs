using ListingScanner.Http;
using ListingScanner.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ListingScanner.Worker.Tests.Support;

/// <summary>
/// The HTTP edge on a real Kestrel listening on 127.0.0.1 with an OS-chosen port, composed the way the worker host
/// composes it: AddScannerTelemetry(), the engine holder and readiness singletons, MapScannerEndpoints().
/// </summary>
internal sealed class ScannerTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScannerTestHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public ScanEngineHolder Engine => _app.Services.GetRequiredService<ScanEngineHolder>();

    public ReadinessState Readiness => _app.Services.GetRequiredService<ReadinessState>();

    public ScannerMetrics Metrics => _app.Services.GetRequiredService<ScannerMetrics>();

    public static async Task<ScannerTestHost> StartAsync(ScanEngineHolder? engine = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(engine ?? new ScanEngineHolder());
        builder.Services.AddSingleton(new ReadinessState());
        builder.Services.AddScannerTelemetry();

        var app = builder.Build();

        // As the worker host does (WorkerHost.Build): the dictionary gauges follow the engine holder.
        var engines = app.Services.GetRequiredService<ScanEngineHolder>();
        app.Services.GetRequiredService<ScannerMetrics>()
            .ObserveDictionary(() => engines.Current is { } e ? (e.DictionaryVersion, e.Dictionary.Entries.Count) : null);
        app.MapScannerEndpoints();
        await app.StartAsync();
        return new ScannerTestHost(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
