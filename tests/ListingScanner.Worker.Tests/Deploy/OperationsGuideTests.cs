using System.Text.RegularExpressions;
using ListingScanner.Worker.Tests.Support;

namespace ListingScanner.Worker.Tests.Deploy;

/// <summary>deploy/README.md stays in step with the code it documents.</summary>
public partial class OperationsGuideTests
{
    [Fact]
    public void Every_configuration_key_the_worker_reads_is_documented_in_env_form()
    {
        string options = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "ListingScanner", "Worker", "WorkerOptions.cs"));
        string guide = File.ReadAllText(RepositoryPaths.Deploy("README.md"));
        var keys = ConfigurationKey().Matches(options).Select(m => $"{m.Groups[1].Value}__{m.Groups[2].Value}").Distinct().ToList();
        Assert.True(keys.Count >= 10, $"found only {keys.Count} configuration keys in WorkerOptions.cs");

        var undocumented = keys.Where(key => !guide.Contains($"`{key}", StringComparison.Ordinal)).ToList();

        Assert.Empty(undocumented);
    }

    [Fact]
    public void Every_exported_metric_family_is_documented()
    {
        string guide = File.ReadAllText(RepositoryPaths.Deploy("README.md"));
        var families = MetricNames.Exported()
            .Where(name => name.StartsWith("listing_scanner_", StringComparison.Ordinal))
            .Select(name => Regex.Replace(name, "_(bucket|sum|count)$", ""))
            .Distinct();

        var undocumented = families.Where(name => !guide.Contains($"`{name}`", StringComparison.Ordinal)).ToList();

        Assert.Empty(undocumented);
    }

    /// <summary>"Section:Key" string literals, as WorkerOptionsReader reads them.</summary>
    [GeneratedRegex("\"(Kafka|Topics|Dictionary|Http|Worker):([A-Za-z]+)\"")]
    private static partial Regex ConfigurationKey();
}
