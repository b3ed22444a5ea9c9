using System.Text.RegularExpressions;
using ListingScanner.Telemetry;
using ListingScanner.Worker.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.RepresentationModel;

namespace ListingScanner.Worker.Tests.Deploy;

/// <summary>The recording and alerting rules in deploy/prometheus, checked and unit-tested with the real promtool.</summary>
public class PrometheusRulesTests
{
    private static string[] RuleFiles() => Directory.GetFiles(RepositoryPaths.Deploy("prometheus"), "*.rules.yml").Order(StringComparer.Ordinal).ToArray();

    private static string[] RuleTestFiles() => Directory.GetFiles(RepositoryPaths.Deploy("prometheus", "tests"), "*.yml").Order(StringComparer.Ordinal).ToArray();

    [PromtoolFact]
    public async Task Promtool_check_rules_accepts_every_rule_file()
    {
        Assert.NotEmpty(RuleFiles());

        var result = await ExternalTool.RunAsync(ExternalTool.Find("promtool")!, ["check", "rules", .. RuleFiles()]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [PromtoolFact]
    public async Task Promtool_rule_unit_tests_pass()
    {
        Assert.NotEmpty(RuleTestFiles());

        var result = await ExternalTool.RunAsync(ExternalTool.Find("promtool")!, ["test", "rules", .. RuleTestFiles()], timeoutSeconds: 120);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Every_alert_has_a_unit_test_where_it_fires_and_one_where_it_does_not()
    {
        var alerts = RuleFiles().SelectMany(f => Rules(Yaml.Load(f))).Where(r => r.Children.ContainsKey("alert"))
            .Select(r => Yaml.Scalar(r, "alert")).ToList();
        Assert.NotEmpty(alerts);

        var firing = new HashSet<string>(StringComparer.Ordinal);
        var silent = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in RuleTestFiles())
        {
            foreach (var test in Yaml.Sequence(Yaml.Load(file), "tests").OfType<YamlMappingNode>())
            {
                foreach (var check in Yaml.Sequence(test, "alert_rule_test").OfType<YamlMappingNode>())
                {
                    bool fires = check.Children.TryGetValue("exp_alerts", out var expected) && expected is YamlSequenceNode { Children.Count: > 0 };
                    (fires ? firing : silent).Add(Yaml.Scalar(check, "alertname"));
                }
            }
        }

        Assert.Empty(alerts.Where(a => !firing.Contains(a)).Select(a => "never tested firing: " + a));
        Assert.Empty(alerts.Where(a => !silent.Contains(a)).Select(a => "never tested silent: " + a));
    }

    [Fact]
    public void Every_metric_the_rules_use_is_exported_or_recorded()
    {
        var known = MetricNames.Exported().Concat(MetricNames.Recorded()).Append("up").ToHashSet(StringComparer.Ordinal);
        var rules = RuleFiles().SelectMany(f => Rules(Yaml.Load(f))).ToList();

        var unknown = rules.SelectMany(r => MetricNames.ReferencedBy(Yaml.Scalar(r, "expr")))
            .Where(name => !known.Contains(name)).Distinct().ToList();

        Assert.Empty(unknown);
    }

    private static IEnumerable<YamlMappingNode> Rules(YamlMappingNode ruleFile) =>
        Yaml.Sequence(ruleFile, "groups").OfType<YamlMappingNode>()
            .SelectMany(g => Yaml.Sequence(g, "rules").OfType<YamlMappingNode>());
}

/// <summary>Metric names: those the exporter really writes, those the recording rules define, those PromQL uses.</summary>
internal static partial class MetricNames
{
    /// <summary>Every sample name in a scrape of the full scanner telemetry (histogram suffixes included).</summary>
    public static IReadOnlySet<string> Exported()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new ScanEngineHolder(TestEngines.Ivory()));
        services.AddSingleton(new ReadinessState());
        services.AddScannerTelemetry();
        using var provider = services.BuildServiceProvider();
        Telemetry.PrometheusExporterTests.RecordOneOfEverything(provider.GetRequiredService<ScannerMetrics>());
        var exporter = provider.GetRequiredService<PrometheusExporter>();

        return exporter.Scrape().Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Names defined by `record:` in deploy/prometheus/*.rules.yml.</summary>
    public static IReadOnlySet<string> Recorded() =>
        Directory.GetFiles(RepositoryPaths.Deploy("prometheus"), "*.rules.yml")
            .SelectMany(f => Yaml.Sequence(Yaml.Load(f), "groups").OfType<YamlMappingNode>())
            .SelectMany(g => Yaml.Sequence(g, "rules").OfType<YamlMappingNode>())
            .Where(r => r.Children.ContainsKey("record"))
            .Select(r => Yaml.Scalar(r, "record"))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Metric names a PromQL expression uses: this project's families (listing_scanner_*, process_*, dotnet_*) and
    /// recording-rule names (they contain a colon). Label names, functions and $variables never match these shapes.
    /// </summary>
    public static IEnumerable<string> ReferencedBy(string promql) =>
        MetricToken().Matches(promql).Select(m => m.Value);

    [GeneratedRegex(@"(?<![\w:$])(?:[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_:]+|(?:listing_scanner|process|dotnet)_[a-zA-Z0-9_]+)")]
    private static partial Regex MetricToken();
}

/// <summary>Small helpers over YamlDotNet's representation model that fail with the file's context.</summary>
internal static class Yaml
{
    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static List<YamlMappingNode> LoadAll(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    public static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar
            ? scalar.Value ?? ""
            : throw new KeyNotFoundException($"'{key}' missing (line {node.Start.Line})");

    public static IEnumerable<YamlNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlSequenceNode sequence ? sequence.Children : [];

    public static YamlMappingNode Map(YamlMappingNode node, params string[] path)
    {
        var current = node;
        foreach (string key in path)
        {
            current = current.Children.TryGetValue(key, out var value) && value is YamlMappingNode map
                ? map
                : throw new KeyNotFoundException($"'{string.Join('.', path)}' missing at '{key}' (line {current.Start.Line})");
        }

        return current;
    }
}
