using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ListingScanner.Worker.Tests.Support;

/// <summary>
/// A real Prometheus server (/usr/bin/prometheus) on loopback with a temporary configuration and storage directory,
/// scraping one target every second as job="listing-scanner" and loading the project's rule files.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log;

    private PrometheusServer(Process process, string directory, StringBuilder log, Uri address)
    {
        _process = process;
        _directory = directory;
        _log = log;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Client { get; }

    /// <summary>What the server wrote to stderr so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<PrometheusServer> StartAsync(int targetPort, IEnumerable<string> ruleFiles)
    {
        string directory = Path.Combine(Path.GetTempPath(), "prometheus-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var config = new StringBuilder()
            .Append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n")
            .Append("rule_files:\n");
        foreach (string file in ruleFiles)
        {
            config.Append("  - ").Append(JsonSerializer.Serialize(file)).Append('\n');
        }

        config.Append("scrape_configs:\n  - job_name: listing-scanner\n    static_configs:\n")
            .Append("      - targets: [\"127.0.0.1:").Append(targetPort.ToString(CultureInfo.InvariantCulture)).Append("\"]\n");
        string configFile = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, config.ToString());

        int port = FreePort();
        var start = new ProcessStartInfo(ExternalTool.Find("prometheus")!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
                 {
                     "--config.file=" + configFile,
                     "--storage.tsdb.path=" + Path.Combine(directory, "data"),
                     "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                     "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var server = new PrometheusServer(process, directory, log, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Instant query; the value of the first series, or null when the result is empty.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        string json = await Client.GetStringAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(promql), UriKind.Relative));
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("success", root.GetProperty("status").GetString());
        var result = root.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0
            ? null
            : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Polls a query until its value satisfies <paramref name="done"/>; fails with the last value and the log.</summary>
    public async Task<double> WaitForAsync(string promql, Func<double, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        double? last = null;
        while (clock.Elapsed < timeout)
        {
            last = await QueryAsync(promql);
            if (last is double value && done(value))
            {
                return value;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"`{promql}` did not reach the expected value in {timeout.TotalSeconds}s (last: {last?.ToString(CultureInfo.InvariantCulture) ?? "no data"})\n--- prometheus log\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // the server this fixture started, by its own handle
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test over.
        }
    }

    /// <summary>A loopback port free right now (the OS picks it).</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}\n{Log}");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri("/-/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"prometheus was not ready after {timeout.TotalSeconds}s\n{Log}");
    }
}
