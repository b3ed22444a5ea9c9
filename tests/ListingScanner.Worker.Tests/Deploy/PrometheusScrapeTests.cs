using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ListingScanner.Worker.Tests.Support;

namespace ListingScanner.Worker.Tests.Deploy;

/// <summary>
/// End to end: a real Prometheus server scrapes a running scanner every second, loads the project's rule files, and
/// its HTTP API shows the target up and the verdict counter rising after listings flowed.
/// </summary>
public class PrometheusScrapeTests
{
    /// <summary>
    /// What Prometheus scrapes: the real worker, `listing-scanner demo` (embedded Kafka-protocol broker, sample listings
    /// through the real pipeline). <see cref="InProcessScanTarget"/> (the telemetry and endpoints in an in-test host,
    /// fed through POST /v1/scan) is the fallback if the demo ever cannot run here; switching is this one line.
    /// </summary>
    private static readonly Func<int, Task<IScrapeTarget>> StartTarget = DemoProcessTarget.StartAsync;

    [PrometheusServerFact]
    public async Task Prometheus_scrapes_the_scanner_and_sees_verdicts_increase()
    {
        // Prometheus first, already scraping the target's port, so it samples the counters as early as possible.
        int port = PrometheusServer.FreePort();
        string[] rules = Directory.GetFiles(RepositoryPaths.Deploy("prometheus"), "*.rules.yml");
        await using var prometheus = await PrometheusServer.StartAsync(port, rules);
        await using var target = await StartTarget(port);
        var timeout = TimeSpan.FromSeconds(90);

        string counter = $"sum({target.VerdictCounter}{{job=\"listing-scanner\"}})";
        double seen, expected, reached;
        try
        {
            await prometheus.WaitForAsync("up{job=\"listing-scanner\"}", up => up == 1, timeout);
            seen = await prometheus.WaitForAsync(counter, _ => true, timeout);
            expected = await target.FlowListingsAsync(seen);
            reached = await prometheus.WaitForAsync(counter, value => value >= expected, timeout);

            // The recording rules evaluate on the scraped data (listings_consumed is published from the start).
            await prometheus.WaitForAsync("job:listing_scanner_listings_consumed:rate5m{job=\"listing-scanner\"}", _ => true, timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\n--- scrape target output\n" + target.Output, ex);
        }

        Assert.True(reached >= expected && expected > 0, $"{counter}: first seen {seen}, reached {reached}, expected {expected}");

        // The project's rule files loaded into the real server: every alert is there.
        using var rulesResponse = await prometheus.Client.GetAsync(new Uri("/api/v1/rules?type=alert", UriKind.Relative));
        var groups = JsonDocument.Parse(await rulesResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("groups");
        var alerts = groups.EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Contains("ListingScannerDown", alerts);
        Assert.Contains("ListingScannerNoDictionary", alerts);
        Assert.True(alerts.Count >= 10, $"only {alerts.Count} alerts loaded");
    }
}

/// <summary>A running scanner Prometheus can scrape at 127.0.0.1:<see cref="Port"/>.</summary>
internal interface IScrapeTarget : IAsyncDisposable
{
    int Port { get; }

    /// <summary>The counter (Prometheus sample name) that grows with each verdict this target produces.</summary>
    string VerdictCounter { get; }

    /// <summary>
    /// Makes listings flow, given the counter value Prometheus has seen so far; returns the value the counter must
    /// reach in Prometheus for the verdicts to have been seen.
    /// </summary>
    Task<double> FlowListingsAsync(double seen);

    /// <summary>What the target printed, for failure messages.</summary>
    string Output { get; }
}

/// <summary>
/// The real telemetry and HTTP endpoints in an in-test Kestrel host; listings flow through POST /v1/scan, which counts
/// them in listing_scanner_http_scans_total (the Kafka verdict counter stays untouched by HTTP scans).
/// </summary>
internal sealed class InProcessScanTarget : IScrapeTarget
{
    private readonly ScannerTestHost _host;

    private InProcessScanTarget(ScannerTestHost host) => _host = host;

    public int Port => _host.Address.Port;

    public string VerdictCounter => "listing_scanner_http_scans_total";

    public string Output => "(in-process host: no output)";

    public static async Task<IScrapeTarget> StartAsync(int port)
    {
        var host = await ScannerTestHost.StartAsync(new ScanEngineHolder(TestEngines.Ivory()), port);
        host.Readiness.SetAssignedPartitions(1);
        return new InProcessScanTarget(host);
    }

    /// <summary>Posts five listings after Prometheus has sampled the counter, so it sees exactly +5.</summary>
    public async Task<double> FlowListingsAsync(double seen)
    {
        string[] listings =
        [
            """{"listing_id":"e2e-1","title":"Carved ivory bangle"}""",
            """{"listing_id":"e2e-2","title":"Vintage wooden chair"}""",
            """{"listing_id":"e2e-3","title":"象牙手镯 出售"}""",
            """{"listing_id":"e2e-4","description":"ivory chess set, old stock"}""",
            """{"listing_id":"e2e-5","title":"Garden gnome"}""",
        ];
        foreach (string listing in listings)
        {
            using var response = await _host.Client.PostAsync(new Uri("/v1/scan", UriKind.Relative),
                new StringContent(listing, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        return seen + listings.Length;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

/// <summary>
/// The real worker: `listing-scanner demo --http-port N` as a child process (embedded Kafka-protocol broker, sample
/// listings through the real pipeline, /metrics served until killed). Its verdicts are Kafka verdicts.
/// </summary>
internal sealed class DemoProcessTarget : IScrapeTarget
{
    private readonly ChildProcess _process;
    private readonly string _dictionary;

    private DemoProcessTarget(ChildProcess process, int port, string dictionary)
    {
        _process = process;
        _dictionary = dictionary;
        Port = port;
    }

    public int Port { get; }

    public string VerdictCounter => "listing_scanner_verdicts_total";

    public string Output => _process.Output;

    public static async Task<IScrapeTarget> StartAsync(int port)
    {
        // The executable project is referenced by this test project, so its build output sits next to this assembly.
        string assembly = Path.Combine(AppContext.BaseDirectory, "listing-scanner.dll");
        Assert.True(File.Exists(assembly), $"{assembly} not found: build the solution first");

        // The demo's own dictionary: a small term list, so the test depends on neither the bundled dictionary's
        // presence nor its contents (any dictionary makes verdicts flow; which verdicts is the engine's business).
        string dictionary = Path.Combine(Path.GetTempPath(), $"scrape-dictionary-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(dictionary, "# scrape test\n象牙\n犀角\n穿山甲\nivory\nrhino horn\n");

        var process = ChildProcess.Start(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? ExternalTool.Find("dotnet") ?? "dotnet",
            [assembly, "demo", "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["Dictionary__Path"] = dictionary });
        var target = new DemoProcessTarget(process, port, dictionary);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                string failure = $"listing-scanner demo exited with {process.ExitCode}:\n{process.Output}";
                await target.DisposeAsync();
                Assert.Fail(failure);
            }

            try
            {
                using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    return target;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow machine
            }

            await Task.Delay(250);
        }

        string output = process.Output;
        await target.DisposeAsync();
        throw new TimeoutException($"listing-scanner demo did not serve /healthz within 120s:\n{output}");
    }

    /// <summary>
    /// The demo feeds its sample listings by itself, possibly before Prometheus's first scrape. The counter started at 0
    /// with this fresh process, so any value of at least 1 (and at least what was already seen) means verdicts flowed
    /// through the real pipeline and reached Prometheus.
    /// </summary>
    public Task<double> FlowListingsAsync(double seen) => Task.FromResult(Math.Max(seen, 1));

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        File.Delete(_dictionary);
    }
}
