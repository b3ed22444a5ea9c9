using System.Diagnostics;
using System.Net.Http.Json;
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
    /// What Prometheus scrapes. TEMPORARY: `listing-scanner demo` (embedded broker + real worker) is being built on
    /// another branch, so until it is merged the target is an in-test host with the real telemetry and endpoints, fed
    /// through POST /v1/scan. Once `demo` exists, switch to the real worker with this one line:
    ///     private static readonly Func&lt;Task&lt;IScrapeTarget&gt;&gt; StartTarget = DemoProcessTarget.StartAsync;
    /// </summary>
    private static readonly Func<Task<IScrapeTarget>> StartTarget = InProcessScanTarget.StartAsync;

    [PrometheusServerFact]
    public async Task Prometheus_scrapes_the_scanner_and_sees_verdicts_increase()
    {
        await using var target = await StartTarget();
        string[] rules = Directory.GetFiles(RepositoryPaths.Deploy("prometheus"), "*.rules.yml");
        await using var prometheus = await PrometheusServer.StartAsync(target.Port, rules);
        var timeout = TimeSpan.FromSeconds(90);

        await prometheus.WaitForAsync("up{job=\"listing-scanner\"}", up => up == 1, timeout);

        // A first sample of the counter before any listing flows, so the increase is seen by Prometheus itself.
        string counter = $"sum({target.VerdictCounter}{{job=\"listing-scanner\"}})";
        double before = await prometheus.WaitForAsync(counter, _ => true, timeout);

        long flowed = await target.FlowListingsAsync();

        double after = await prometheus.WaitForAsync(counter, value => value >= before + flowed, timeout);
        Assert.True(after >= before + flowed, $"{counter}: {before} -> {after}, expected +{flowed}");

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

    /// <summary>Makes listings flow; returns the least increase of <see cref="VerdictCounter"/> that must follow.</summary>
    Task<long> FlowListingsAsync();
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

    public static async Task<IScrapeTarget> StartAsync()
    {
        var host = await ScannerTestHost.StartAsync(new ScanEngineHolder(TestEngines.Ivory()));
        host.Readiness.SetAssignedPartitions(1);
        return new InProcessScanTarget(host);
    }

    public async Task<long> FlowListingsAsync()
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

        return listings.Length;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

/// <summary>
/// The real worker: `listing-scanner demo --http-port N` as a child process (embedded Kafka-protocol broker, sample
/// listings through the real pipeline, /metrics served until killed). Its verdicts are Kafka verdicts.
/// </summary>
internal sealed class DemoProcessTarget : IScrapeTarget
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private DemoProcessTarget(Process process, StringBuilder output, int port)
    {
        _process = process;
        _output = output;
        Port = port;
    }

    public int Port { get; }

    public string VerdictCounter => "listing_scanner_verdicts_total";

    public static async Task<IScrapeTarget> StartAsync()
    {
        // The executable project is referenced by this test project, so its build output sits next to this assembly.
        string assembly = Path.Combine(AppContext.BaseDirectory, "listing-scanner.dll");
        Assert.True(File.Exists(assembly), $"{assembly} not found: build the solution first");
        int port = PrometheusServer.FreePort();

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? ExternalTool.Find("dotnet") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { assembly, "demo", "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var target = new DemoProcessTarget(process, output, port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                int exitCode = process.ExitCode;
                await target.DisposeAsync();
                Assert.Fail($"listing-scanner demo exited with {exitCode}:\n{output}");
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

        await target.DisposeAsync();
        throw new TimeoutException($"listing-scanner demo did not serve /healthz within 120s:\n{output}");
    }

    /// <summary>The demo feeds its sample listings by itself; at least one verdict must follow.</summary>
    public Task<long> FlowListingsAsync() => Task.FromResult(1L);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // the child this target started, by its own handle
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
