using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace ListingScanner.Http;

/// <summary>The worker's HTTP surface: health, readiness, metrics and the synchronous scan API.</summary>
internal static class HttpEndpoints
{
    /// <summary>Maps every endpoint. Services come from DI: ScanEngineHolder, ReadinessState, ScannerMetrics.</summary>
    public static IEndpointRouteBuilder MapScannerEndpoints(this IEndpointRouteBuilder app)
    {
        // /metrics, /readyz and POST /v1/scan are being built (ops branch).
        app.MapGet("/healthz", () => "ok");
        return app;
    }
}
