using System.Text;
using System.Text.Json;
using ListingScanner.Worker.Tests.Support;

namespace ListingScanner.Worker.Tests.Deploy;

/// <summary>deploy/grafana/listing-scanner-dashboard.json: valid JSON, valid PromQL, only metrics that exist.</summary>
public class GrafanaDashboardTests
{
    private static readonly string DashboardPath = RepositoryPaths.Deploy("grafana", "listing-scanner-dashboard.json");

    private static JsonElement Dashboard() => JsonDocument.Parse(File.ReadAllText(DashboardPath)).RootElement;

    /// <summary>Every PromQL string: panel targets (rows included) and query variables.</summary>
    private static List<string> Expressions()
    {
        var dashboard = Dashboard();
        var expressions = new List<string>();
        foreach (var panel in Panels(dashboard))
        {
            if (panel.TryGetProperty("targets", out var targets))
            {
                expressions.AddRange(targets.EnumerateArray().Select(t => t.GetProperty("expr").GetString()!));
            }
        }

        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() == "query")
            {
                expressions.Add(variable.GetProperty("definition").GetString()!);
            }
        }

        return expressions;
    }

    private static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    [Fact]
    public void Dashboard_is_valid_json_with_unique_panel_ids_and_a_query_on_every_panel()
    {
        var dashboard = Dashboard();
        Assert.Equal("listing-scanner", dashboard.GetProperty("uid").GetString());

        var panels = Panels(dashboard).ToList();
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            Assert.True(panel.TryGetProperty("targets", out var targets) && targets.GetArrayLength() > 0,
                $"panel '{panel.GetProperty("title").GetString()}' has no query");
            Assert.True(panel.TryGetProperty("gridPos", out _), $"panel '{panel.GetProperty("title").GetString()}' has no gridPos");
        }
    }

    [Fact]
    public void Every_metric_in_the_dashboard_is_exported_or_recorded()
    {
        var known = MetricNames.Exported().Concat(MetricNames.Recorded()).Append("up").ToHashSet(StringComparer.Ordinal);
        var referenced = Expressions().SelectMany(MetricNames.ReferencedBy).ToHashSet(StringComparer.Ordinal);

        var unknown = referenced.Where(name => !known.Contains(name)).ToList();
        Assert.Empty(unknown);

        // The panels the dashboard promises: throughput, verdicts, lag, latency, dead letters, dictionary, reloads.
        foreach (string required in new[]
                 {
                     "listing_scanner_listings_consumed_total", "listing_scanner_verdicts_total", "listing_scanner_consumer_lag",
                     "listing_scanner_verdict_latency_seconds_bucket", "listing_scanner_dead_lettered_total",
                     "listing_scanner_dictionary_info", "listing_scanner_dictionary_reloads_total",
                 })
        {
            Assert.Contains(required, referenced);
        }
    }

    [PromtoolFact]
    public async Task Every_dashboard_expression_is_valid_promql()
    {
        // promtool has no "check this expression" command, so each expression becomes a recording rule in a temporary
        // rule file and `promtool check rules` parses it. Grafana's variables are replaced by values first.
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int index = 0;
        foreach (string expression in Expressions().Where(e => !e.StartsWith("label_values(", StringComparison.Ordinal)))
        {
            string promql = expression.Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$job", "listing-scanner", StringComparison.Ordinal);
            rules.Append("      - record: dashboard_expression_").Append(index++).Append('\n')
                .Append("        expr: ").Append(JsonSerializer.Serialize(promql)).Append('\n');
        }

        string file = Path.Combine(Path.GetTempPath(), $"dashboard-{Guid.NewGuid():N}.rules.yml");
        await File.WriteAllTextAsync(file, rules.ToString());
        try
        {
            var result = await ExternalTool.RunAsync(ExternalTool.Find("promtool")!, ["check", "rules", file]);
            Assert.True(result.ExitCode == 0, result + "\n--- rules\n" + rules);
            Assert.Contains($"{index} rules found", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
