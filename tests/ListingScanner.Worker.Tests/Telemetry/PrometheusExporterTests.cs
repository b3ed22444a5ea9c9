using System.Diagnostics.Metrics;
using ListingScanner.Telemetry;
using ListingScanner.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ListingScanner.Worker.Tests.Telemetry;

public class PrometheusExporterTests
{
    private static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);

    /// <summary>The application families only: process and runtime metrics vary from run to run.</summary>
    private static string ApplicationPart(string scrape)
    {
        int process = scrape.IndexOf("# HELP process_", StringComparison.Ordinal);
        Assert.True(process >= 0, "process metrics missing:\n" + scrape);
        return scrape[..process];
    }

    [Fact]
    public void Renders_counters_histograms_and_gauges_in_exact_text_format_sorted_by_name_and_labels()
    {
        using var meter = new Meter("exact-text");
        using var exporter = new PrometheusExporter(meter);
        var verdicts = meter.CreateCounter<long>("app_verdicts", description: "Verdicts by action.");
        var latency = meter.CreateHistogram<double>("app_latency_seconds", unit: "s", description: "Latency.");
        meter.CreateObservableGauge("app_queue_depth",
            () => new[] { new Measurement<long>(7, Tag("stage", "scan")), new Measurement<long>(2, Tag("stage", "parse")) },
            description: "Queue depth.");

        verdicts.Add(2, Tag("action", "takedown"));
        verdicts.Add(1, Tag("action", "allow"));
        verdicts.Add(3, Tag("action", "takedown"));
        latency.Record(0.25);   // exactly on a bound: le is inclusive
        latency.Record(0.0625);
        latency.Record(20);     // above every bound: only +Inf

        const string expected = """
            # HELP app_latency_seconds Latency.
            # TYPE app_latency_seconds histogram
            app_latency_seconds_bucket{le="0.001"} 0
            app_latency_seconds_bucket{le="0.0025"} 0
            app_latency_seconds_bucket{le="0.005"} 0
            app_latency_seconds_bucket{le="0.01"} 0
            app_latency_seconds_bucket{le="0.025"} 0
            app_latency_seconds_bucket{le="0.05"} 0
            app_latency_seconds_bucket{le="0.075"} 1
            app_latency_seconds_bucket{le="0.1"} 1
            app_latency_seconds_bucket{le="0.25"} 2
            app_latency_seconds_bucket{le="0.5"} 2
            app_latency_seconds_bucket{le="1"} 2
            app_latency_seconds_bucket{le="2.5"} 2
            app_latency_seconds_bucket{le="5"} 2
            app_latency_seconds_bucket{le="10"} 2
            app_latency_seconds_bucket{le="+Inf"} 3
            app_latency_seconds_sum 20.3125
            app_latency_seconds_count 3
            # HELP app_queue_depth Queue depth.
            # TYPE app_queue_depth gauge
            app_queue_depth{stage="parse"} 2
            app_queue_depth{stage="scan"} 7
            # HELP app_verdicts_total Verdicts by action.
            # TYPE app_verdicts_total counter
            app_verdicts_total{action="allow"} 1
            app_verdicts_total{action="takedown"} 5

            """;
        Assert.Equal(expected.Replace("\r\n", "\n"), ApplicationPart(exporter.Scrape()));
    }

    [Fact]
    public void Escapes_label_values_and_help_text()
    {
        using var meter = new Meter("escaping");
        using var exporter = new PrometheusExporter(meter);
        var counter = meter.CreateCounter<long>("app_escapes", description: "Back\\slash and\nnewline; \"quotes\" stay.");

        counter.Add(1, Tag("value", "a\\b\"c\nd"));

        Assert.Equal(
            "# HELP app_escapes_total Back\\\\slash and\\nnewline; \"quotes\" stay.\n"
            + "# TYPE app_escapes_total counter\n"
            + "app_escapes_total{value=\"a\\\\b\\\"c\\nd\"} 1\n",
            ApplicationPart(exporter.Scrape()));
    }

    [Fact]
    public void Multiple_labels_render_sorted_by_name_with_invariant_number_formatting()
    {
        using var meter = new Meter("multi-label");
        using var exporter = new PrometheusExporter(meter);
        var lagByPartition = new Dictionary<int, long> { [1] = 40, [0] = 1500 };
        meter.CreateObservableGauge("app_lag", () => lagByPartition
            .Select(p => new Measurement<long>(p.Value, Tag("topic", "listings"), Tag("partition", p.Key))).ToArray(), description: "Lag.");
        var ratio = meter.CreateUpDownCounter<double>("app_ratio", description: "Ratio.");
        ratio.Add(0.5);
        ratio.Add(-0.25);

        Assert.Equal(
            "# HELP app_lag Lag.\n# TYPE app_lag gauge\n"
            + "app_lag{partition=\"0\",topic=\"listings\"} 1500\n"
            + "app_lag{partition=\"1\",topic=\"listings\"} 40\n"
            + "# HELP app_ratio Ratio.\n# TYPE app_ratio gauge\napp_ratio 0.25\n",
            ApplicationPart(exporter.Scrape()));
    }

    [Fact]
    public void A_label_value_recorded_as_a_number_and_as_text_is_one_series()
    {
        using var meter = new Meter("label-types");
        using var exporter = new PrometheusExporter(meter);
        var counter = meter.CreateCounter<long>("app_partition_events");

        counter.Add(1, Tag("partition", 3));
        counter.Add(2, Tag("partition", "3"));
        counter.Add(4, Tag("topic", "t"), Tag("partition", 3));
        counter.Add(8, Tag("partition", "3"), Tag("topic", "t"));

        Assert.Equal(
            "# TYPE app_partition_events_total counter\n"
            + "app_partition_events_total{partition=\"3\"} 3\n"
            + "app_partition_events_total{partition=\"3\",topic=\"t\"} 12\n",
            ApplicationPart(exporter.Scrape()));
    }

    [Fact]
    public void Observable_series_not_reported_at_this_scrape_disappear()
    {
        using var meter = new Meter("vanishing");
        using var exporter = new PrometheusExporter(meter);
        var partitions = new List<int> { 0, 1 };
        meter.CreateObservableGauge("app_lag", () => partitions.Select(p => new Measurement<long>(10 + p, Tag("partition", p))).ToArray());

        Assert.Contains("app_lag{partition=\"0\"} 10\n", exporter.Scrape(), StringComparison.Ordinal);

        partitions.Remove(0); // partition revoked: its lag must not stay frozen at the last value
        string second = exporter.Scrape();
        Assert.DoesNotContain("partition=\"0\"", second, StringComparison.Ordinal);
        Assert.Contains("app_lag{partition=\"1\"} 11\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Listens_only_to_its_own_meter_and_merges_instruments_that_share_a_name()
    {
        using var mine = new Meter("shared-name");
        using var other = new Meter("shared-name"); // same name, another instance (another test, another host)
        using var exporter = new PrometheusExporter(mine);
        mine.CreateCounter<long>("app_events", description: "Events.").Add(2);
        mine.CreateCounter<long>("app_events", description: "Events.").Add(3);
        other.CreateCounter<long>("app_events", description: "Events.").Add(1000);

        Assert.Equal("# HELP app_events_total Events.\n# TYPE app_events_total counter\napp_events_total 5\n",
            ApplicationPart(exporter.Scrape()));
    }

    [Fact]
    public async Task Concurrent_increments_are_all_counted()
    {
        using var meter = new Meter("concurrent");
        using var exporter = new PrometheusExporter(meter);
        var counter = meter.CreateCounter<long>("app_hits");
        var histogram = meter.CreateHistogram<double>("app_seconds");
        const int Threads = 4, PerThread = 50_000;

        var workers = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            var label = Tag("worker", t % 2 == 0 ? "even" : "odd");
            for (int i = 0; i < PerThread; i++)
            {
                counter.Add(1, label);
                histogram.Record(0.5);
            }
        })).ToArray();
        string during = exporter.Scrape(); // scraping while recording must not throw or tear a histogram
        await Task.WhenAll(workers);

        Assert.Contains("app_seconds_bucket", during + exporter.Scrape(), StringComparison.Ordinal);
        string text = exporter.Scrape();
        Assert.Contains($"app_hits_total{{worker=\"even\"}} {Threads / 2 * PerThread}\n", text, StringComparison.Ordinal);
        Assert.Contains($"app_hits_total{{worker=\"odd\"}} {Threads / 2 * PerThread}\n", text, StringComparison.Ordinal);
        Assert.Contains($"app_seconds_count {Threads * PerThread}\n", text, StringComparison.Ordinal);
        Assert.Contains($"app_seconds_sum {Threads * PerThread / 2}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_and_runtime_metrics_are_present()
    {
        using var meter = new Meter("process");
        using var exporter = new PrometheusExporter(meter);

        string text = exporter.Scrape();

        foreach (string name in new[] { "process_resident_memory_bytes", "process_cpu_seconds_total", "process_start_time_seconds",
                     "dotnet_gc_collections_total{generation=\"0\"}", "dotnet_gc_heap_size_bytes" })
        {
            Assert.Contains("\n" + name + " ", "\n" + text, StringComparison.Ordinal);
        }

        double start = double.Parse(text.Split('\n').Single(l => l.StartsWith("process_start_time_seconds ", StringComparison.Ordinal)).Split(' ')[1],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(start, DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Fact]
    public void Scanner_telemetry_publishes_known_series_at_zero_and_the_assigned_partitions()
    {
        var services = new ServiceCollection();
        var readiness = new ReadinessState();
        readiness.SetAssignedPartitions(3);
        services.AddSingleton(readiness);
        services.AddScannerTelemetry();
        using var provider = services.BuildServiceProvider();

        var metrics = provider.GetRequiredService<ScannerMetrics>();
        metrics.Verdicts.Add(1, Tag("action", "takedown"));
        string text = provider.GetRequiredService<PrometheusExporter>().Scrape();

        Assert.Contains("listing_scanner_verdicts_total{action=\"allow\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("listing_scanner_verdicts_total{action=\"takedown\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("listing_scanner_listings_consumed_total 0\n", text, StringComparison.Ordinal);
        Assert.Contains("listing_scanner_dictionary_reloads_total{result=\"failure\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("listing_scanner_dead_lettered_total{reason=\"scan_error\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("listing_scanner_assigned_partitions 3\n", text, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public async Task Promtool_check_metrics_accepts_the_full_exporter_output()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new ScanEngineHolder(TestEngines.Ivory()));
        services.AddSingleton(new ReadinessState());
        services.AddScannerTelemetry();
        using var provider = services.BuildServiceProvider();
        var metrics = provider.GetRequiredService<ScannerMetrics>();
        RecordOneOfEverything(metrics);

        string text = provider.GetRequiredService<PrometheusExporter>().Scrape();
        var result = await ExternalTool.RunAsync(ExternalTool.Find("promtool")!, ["check", "metrics"], stdin: text);

        Assert.True(result.ExitCode == 0 && result.StandardOutput.Trim().Length == 0 && result.StandardError.Trim().Length == 0,
            $"promtool check metrics complained:\n{result}\n--- input\n{text}");
    }

    /// <summary>Every ScannerMetrics instrument with a value, so the promtool lint sees every family.</summary>
    internal static void RecordOneOfEverything(ScannerMetrics metrics)
    {
        metrics.ListingsConsumed.Add(5);
        metrics.Verdicts.Add(3, Tag("action", "takedown"));
        metrics.DeadLettered.Add(1, Tag("reason", "invalid_json"));
        metrics.Tombstones.Add(1);
        metrics.Matches.Add(4, Tag("kind", "species"));
        metrics.VerdictLatency.Record(0.012);
        metrics.Commits.Add(2);
        metrics.CommitFailures.Add(1);
        metrics.DictionaryReloads.Add(1, Tag("result", "success"));
        metrics.ProduceRetries.Add(1);
        metrics.HttpScans.Add(1, Tag("action", "review"));
        metrics.HttpScanRejections.Add(1, Tag("reason", "schema_violation"));
        metrics.ObserveQueueDepth(() => [new Measurement<long>(3, Tag("stage", "scan"))]);
        metrics.ObserveConsumerLag(() => [new Measurement<long>(120, Tag("topic", "listings"), Tag("partition", 0))]);
        metrics.ObserveDictionary(() => (TestEngines.DictionaryVersion, 1));
    }
}
