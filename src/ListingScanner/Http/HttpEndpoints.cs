using System.Buffers;
using System.Text.Json;
using ListingScanner.Engine.Contract;
using ListingScanner.Telemetry;
using ListingScanner.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ListingScanner.Http;

/// <summary>The worker's HTTP surface: health, readiness, metrics and the synchronous scan API.</summary>
/// <remarks>
/// Handlers take services from <see cref="HttpContext.RequestServices"/> explicitly rather than through minimal-API
/// parameter inference, so a missing registration fails loudly at the request instead of being mistaken for a body.
/// </remarks>
internal static class HttpEndpoints
{
    /// <summary>Largest POST /v1/scan body accepted: the same limit the Kafka path applies to a listing.</summary>
    internal const int MaxScanBodyBytes = ListingParser.DefaultMaxBytes;

    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Maps every endpoint. Services come from DI: ScanEngineHolder, ReadinessState, ScannerMetrics, PrometheusExporter.</summary>
    public static IEndpointRouteBuilder MapScannerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Healthz);
        app.MapGet("/readyz", Readyz);
        app.MapGet("/metrics", Metrics);
        app.MapPost("/v1/scan", ScanAsync);
        return app;
    }

    /// <summary>Liveness: answering at all is the signal. Never depends on Kafka or the dictionary, so a broker outage
    /// does not make Kubernetes restart every replica.</summary>
    private static Task Healthz(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("ok\n");
    }

    /// <summary>Readiness: partitions assigned AND a dictionary loaded; the 503 body says which condition is missing.</summary>
    private static Task Readyz(HttpContext context)
    {
        int partitions = context.RequestServices.GetRequiredService<ReadinessState>().AssignedPartitions;
        var engine = context.RequestServices.GetRequiredService<ScanEngineHolder>().Current;

        var reasons = new List<string>(2);
        if (partitions <= 0)
        {
            reasons.Add("no Kafka partitions are assigned to this replica");
        }

        if (engine is null)
        {
            reasons.Add("no dictionary is loaded");
        }

        bool ready = reasons.Count == 0;
        return WriteJsonAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, json =>
        {
            json.WriteBoolean("ready", ready);
            json.WriteNumber("assigned_partitions", partitions);
            json.WriteBoolean("dictionary_loaded", engine is not null);
            if (engine is not null)
            {
                json.WriteString("dictionary_version", engine.DictionaryVersion);
            }

            json.WriteStartArray("reasons");
            foreach (string reason in reasons)
            {
                json.WriteStringValue(reason);
            }

            json.WriteEndArray();
        });
    }

    private static Task Metrics(HttpContext context)
    {
        string text = context.RequestServices.GetRequiredService<PrometheusExporter>().Scrape();
        context.Response.ContentType = PrometheusExporter.ContentType;
        return context.Response.WriteAsync(text);
    }

    /// <summary>
    /// Scans one listing event (the same JSON the listings topic carries) with the engine currently serving and answers
    /// its verdict. Counted in listing_scanner_http_scans, not listing_scanner_verdicts: the latter means "published to
    /// the takedown topic", and HTTP scans publish nothing.
    /// </summary>
    private static async Task ScanAsync(HttpContext context)
    {
        var metrics = context.RequestServices.GetRequiredService<ScannerMetrics>();

        // Read the engine once: a reload may swap it, and the verdict must name the dictionary that produced it.
        var engine = context.RequestServices.GetRequiredService<ScanEngineHolder>().Current;
        if (engine is null)
        {
            Reject(metrics, "no_dictionary");
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "no_dictionary",
                "no dictionary is loaded yet; retry when /readyz reports dictionary_loaded");
            return;
        }

        var body = await ReadBodyAsync(context.Request, MaxScanBodyBytes, context.RequestAborted);
        if (body is null)
        {
            Reject(metrics, "oversize");
            await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, "oversize",
                $"request body is larger than the limit of {MaxScanBodyBytes} bytes");
            return;
        }

        if (!ListingParser.TryParse(body.GetBuffer().AsSpan(0, (int)body.Length), out var listing, out var error, MaxScanBodyBytes))
        {
            Reject(metrics, error.Reason);
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, error.Reason, error.Message);
            return;
        }

        var verdict = engine.Scan(listing!);
        metrics.HttpScans.Add(1, new KeyValuePair<string, object?>("action", ActionLabel(verdict.Action)));

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = JsonContentType;
        await context.Response.Body.WriteAsync(ContractJson.SerializeVerdict(verdict), context.RequestAborted);
    }

    /// <summary>
    /// Reads the whole body, or returns null as soon as it exceeds <paramref name="limit"/>. Content-Length is only a
    /// hint (chunked requests have none), so the limit is enforced on the bytes actually read.
    /// </summary>
    private static async Task<MemoryStream?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancel)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var body = new MemoryStream((int)Math.Min(request.ContentLength ?? 4096, limit));
        byte[] chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancel)) > 0)
            {
                if (body.Length + read > limit)
                {
                    return null;
                }

                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return body;
    }

    /// <summary>Metric label for an action: the contract's lower-case names, without allocating per scan.</summary>
    internal static string ActionLabel(VerdictAction action) => action switch
    {
        VerdictAction.Allow => "allow",
        VerdictAction.Review => "review",
        VerdictAction.Takedown => "takedown",
        _ => "unknown",
    };

    private static void Reject(ScannerMetrics metrics, string reason) =>
        metrics.HttpScanRejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Every error answer has the same shape: {"error": machine-readable reason, "message": what to fix}.</summary>
    private static Task WriteErrorAsync(HttpContext context, int status, string error, string message) =>
        WriteJsonAsync(context, status, json =>
        {
            json.WriteString("error", error);
            json.WriteString("message", message);
        });

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
