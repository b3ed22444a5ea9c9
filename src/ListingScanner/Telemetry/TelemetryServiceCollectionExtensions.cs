using Microsoft.Extensions.DependencyInjection;

namespace ListingScanner.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ScannerMetrics"/> and the Prometheus exporter that reads it.</summary>
    public static IServiceCollection AddScannerTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<ScannerMetrics>();
        return services;
    }
}
