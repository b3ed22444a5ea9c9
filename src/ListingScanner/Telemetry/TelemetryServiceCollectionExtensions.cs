using System.Diagnostics.Metrics;
using ListingScanner.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ListingScanner.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ScannerMetrics"/> and the Prometheus exporter that reads it.
    /// </summary>
    /// <remarks>
    /// Both come from one factory so the exporter is listening before anyone can hold the metrics: a measurement made
    /// before a listener exists is lost, and resolving the exporter lazily (at the first scrape) would lose everything
    /// the worker counted before Prometheus first called. The assigned-partitions gauge is wired here from
    /// <see cref="ReadinessState"/>, looked up at scrape time so this registration does not depend on the order in
    /// which the host registers it. (The dictionary gauges are wired by the worker host, which owns the engine holder.)
    /// </remarks>
    public static IServiceCollection AddScannerTelemetry(this IServiceCollection services)
    {
        services.AddSingleton(static sp => ScannerTelemetry.Create(sp));
        services.AddSingleton(static sp => sp.GetRequiredService<ScannerTelemetry>().Metrics);
        services.AddSingleton(static sp => sp.GetRequiredService<ScannerTelemetry>().Exporter);
        return services;
    }
}

/// <summary>The metrics and their exporter, created together (see AddScannerTelemetry).</summary>
/// <remarks>Disposes both: the container only tracks what its factories returned, and both Dispose methods are idempotent.</remarks>
internal sealed class ScannerTelemetry(ScannerMetrics metrics, PrometheusExporter exporter) : IDisposable
{
    public ScannerMetrics Metrics { get; } = metrics;

    public PrometheusExporter Exporter { get; } = exporter;

    public static ScannerTelemetry Create(IServiceProvider services)
    {
        var metrics = new ScannerMetrics(services.GetService<IMeterFactory>());
        var exporter = new PrometheusExporter(metrics.Meter, services.GetService<ILogger<PrometheusExporter>>());
        metrics.InitializeKnownSeries();
        metrics.ObserveAssignedPartitions(() => services.GetService<ReadinessState>()?.AssignedPartitions ?? 0);
        return new ScannerTelemetry(metrics, exporter);
    }

    public void Dispose()
    {
        Exporter.Dispose();
        Metrics.Dispose();
    }
}
