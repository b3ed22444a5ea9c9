using System.Net;
using System.Text;
using System.Text.Json;
using ListingScanner.Engine.Contract;
using ListingScanner.Http;
using ListingScanner.Telemetry;
using ListingScanner.Worker.Tests.Support;

namespace ListingScanner.Worker.Tests.Http;

/// <summary>The HTTP edge against a real Kestrel on loopback.</summary>
public class HttpEndpointsTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> JsonBody(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Healthz_answers_200_even_when_not_ready()
    {
        await using var host = await ScannerTestHost.StartAsync();

        using var response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_names_each_missing_condition_and_answers_200_only_when_both_hold()
    {
        await using var host = await ScannerTestHost.StartAsync();

        using (var neither = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, neither.StatusCode);
            var body = await JsonBody(neither);
            Assert.False(body.GetProperty("ready").GetBoolean());
            Assert.Equal(0, body.GetProperty("assigned_partitions").GetInt32());
            Assert.False(body.GetProperty("dictionary_loaded").GetBoolean());
            Assert.Equal(2, body.GetProperty("reasons").GetArrayLength());
        }

        host.Readiness.SetAssignedPartitions(2);
        using (var noDictionary = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, noDictionary.StatusCode);
            var reasons = (await JsonBody(noDictionary)).GetProperty("reasons");
            Assert.Equal("no dictionary is loaded", Assert.Single(reasons.EnumerateArray()).GetString());
        }

        host.Engine.Swap(TestEngines.Ivory());
        using (var ready = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var body = await JsonBody(ready);
            Assert.True(body.GetProperty("ready").GetBoolean());
            Assert.Equal(TestEngines.DictionaryVersion, body.GetProperty("dictionary_version").GetString());
            Assert.Equal(0, body.GetProperty("reasons").GetArrayLength());
        }

        host.Readiness.SetAssignedPartitions(0); // all partitions revoked (rebalance, scale-in)
        using var revoked = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, revoked.StatusCode);
    }

    [Fact]
    public async Task Scan_answers_the_verdict_and_counts_it_as_an_http_scan_not_a_kafka_verdict()
    {
        await using var host = await ScannerTestHost.StartAsync(new ScanEngineHolder(TestEngines.Ivory()));

        using var response = await host.Client.PostAsync(new Uri("/v1/scan", UriKind.Relative),
            Json("""{"listing_id":"L-1","title":"Carved ivory bangle, old stock","platform":"shop"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var verdict = await JsonBody(response);
        Assert.Equal("L-1", verdict.GetProperty("listing_id").GetString());
        Assert.Equal(TestEngines.DictionaryVersion, verdict.GetProperty("dictionary_version").GetString());
        Assert.Equal("ivory", verdict.GetProperty("matches")[0].GetProperty("entry_id").GetString());

        // The action itself is the engine's business (tested there); here: it is counted under its label, once.
        var action = Enum.Parse<VerdictAction>(verdict.GetProperty("action").GetString()!, ignoreCase: true);
        string label = HttpEndpoints.ActionLabel(action);
        string metrics = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains($"listing_scanner_http_scans_total{{action=\"{label}\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"listing_scanner_verdicts_total{{action=\"{label}\"}} 0\n", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"listing_id\": ", "invalid_json")]
    [InlineData("", "invalid_json")]
    [InlineData("{\"title\":\"no id\"}", "schema_violation")]
    [InlineData("{\"listing_id\":\"L\",\"price\":\"cheap\"}", "schema_violation")]
    public async Task Scan_rejects_invalid_listings_with_400_and_a_json_error(string body, string reason)
    {
        await using var host = await ScannerTestHost.StartAsync(new ScanEngineHolder(TestEngines.Ivory()));

        using var response = await host.Client.PostAsync(new Uri("/v1/scan", UriKind.Relative), Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await JsonBody(response);
        Assert.Equal(reason, error.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        string metrics = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains($"listing_scanner_http_scan_rejections_total{{reason=\"{reason}\"}} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_rejects_invalid_utf8_with_400()
    {
        await using var host = await ScannerTestHost.StartAsync(new ScanEngineHolder(TestEngines.Ivory()));
        using var content = new ByteArrayContent([.. "{\"listing_id\":\""u8, 0xC3, 0x28, .. "\"}"u8]);

        using var response = await host.Client.PostAsync(new Uri("/v1/scan", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_utf8", (await JsonBody(response)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // chunked: no Content-Length, the limit is enforced while reading
    public async Task Scan_rejects_bodies_over_the_limit_with_413(bool withContentLength)
    {
        await using var host = await ScannerTestHost.StartAsync(new ScanEngineHolder(TestEngines.Ivory()));
        byte[] body = Encoding.UTF8.GetBytes("{\"listing_id\":\"L\",\"description\":\"" + new string('x', HttpEndpoints.MaxScanBodyBytes) + "\"}");
        HttpContent content = withContentLength ? new ByteArrayContent(body) : new StreamContent(new MemoryStream(body));
        if (!withContentLength)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/scan", UriKind.Relative)) { Content = content };
        if (!withContentLength)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("oversize", (await JsonBody(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Scan_answers_503_when_no_dictionary_is_loaded()
    {
        await using var host = await ScannerTestHost.StartAsync();

        using var response = await host.Client.PostAsync(new Uri("/v1/scan", UriKind.Relative), Json("""{"listing_id":"L-1"}"""));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("no_dictionary", (await JsonBody(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Metrics_uses_the_prometheus_text_content_type_and_scan_needs_post()
    {
        await using var host = await ScannerTestHost.StartAsync();

        using var metrics = await host.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var getScan = await host.Client.GetAsync(new Uri("/v1/scan", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(PrometheusExporter.ContentType, metrics.Content.Headers.ContentType?.ToString());
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", PrometheusExporter.ContentType);
        Assert.Contains("# TYPE process_cpu_seconds_total counter", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getScan.StatusCode);
    }
}
