using System.Text.RegularExpressions;
using ListingScanner.Worker.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace ListingScanner.Worker.Tests.Deploy;

/// <summary>
/// deploy/docker: the Dockerfile, the compose stack and its Prometheus and Grafana configuration. No Docker engine is
/// available where these tests run, so they check structure and cross-references; promtool checks the Prometheus
/// configuration for real.
/// </summary>
public partial class DockerTests
{
    private static readonly string Directory = RepositoryPaths.Deploy("docker");

    private static YamlMappingNode Compose() => Yaml.Load(Path.Combine(Directory, "docker-compose.yml"));

    private static YamlMappingNode Service(string name) => Yaml.Map(Compose(), "services", name);

    private static Dictionary<string, string> WorkerEnv() => Yaml.Map(Service("listing-scanner"), "environment").Children
        .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value!, StringComparer.Ordinal);

    [Fact]
    public void Dockerfile_builds_with_the_sdk_runs_on_aspnet_as_non_root_with_librdkafka_and_a_healthcheck()
    {
        string dockerfile = File.ReadAllText(Path.Combine(Directory, "Dockerfile"));
        var from = FromLine().Matches(dockerfile).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, from.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", from[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", from[1], StringComparison.Ordinal);

        Assert.Matches(@"apt-get install[^\n]*\blibrdkafka1\b", dockerfile);
        Assert.Matches(@"(?m)^USER \$APP_UID$", dockerfile);
        Assert.Matches(@"(?m)^HEALTHCHECK .*\n\s+CMD curl [^\n]*/healthz", dockerfile);
        Assert.Contains($"EXPOSE {KubernetesManifestTests.AppHttpPort()}", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"Http__Port={KubernetesManifestTests.AppHttpPort()}", dockerfile, StringComparison.Ordinal);

        // Every file the build copies from the context exists (the context is the repository root).
        var copies = CopyLine().Matches(dockerfile);
        Assert.True(copies.Count >= 4, "expected the restore inputs and the sources to be copied");
        foreach (Match copy in copies)
        {
            foreach (string source in copy.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.True(Path.Exists(Path.Combine(RepositoryPaths.Root, source)), $"COPY source missing from the repository: {source}");
            }
        }

        // The entry point runs the assembly the executable project builds.
        string project = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "ListingScanner", "ListingScanner.csproj"));
        string assembly = Regex.Match(project, "<AssemblyName>(.*)</AssemblyName>").Groups[1].Value;
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"/app/{assembly}.dll\"]", dockerfile, StringComparison.Ordinal);

        string ignore = File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".dockerignore"));
        Assert.Contains("**/bin/", ignore, StringComparison.Ordinal);
        Assert.Contains("**/obj/", ignore, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_wires_kafka_topics_worker_prometheus_and_grafana_consistently()
    {
        var services = Yaml.Map(Compose(), "services");
        foreach (string name in new[] { "kafka", "kafka-init", "listing-scanner", "prometheus", "grafana" })
        {
            Assert.True(services.Children.ContainsKey(name), $"service {name} missing");
        }

        Assert.StartsWith("apache/kafka:", Yaml.Scalar(Service("kafka"), "image"), StringComparison.Ordinal);
        var kafkaEnv = Yaml.Map(Service("kafka"), "environment");
        Assert.Contains("broker,controller", Yaml.Scalar(kafkaEnv, "KAFKA_PROCESS_ROLES"), StringComparison.Ordinal); // KRaft

        // The worker reaches the broker at an address the broker advertises.
        var env = WorkerEnv();
        Assert.Contains("PLAINTEXT://" + env["Kafka__BootstrapServers"], Yaml.Scalar(kafkaEnv, "KAFKA_ADVERTISED_LISTENERS"), StringComparison.Ordinal);

        // Every topic the worker uses is created by the one-shot, which the worker waits for.
        string init = string.Join('\n', Yaml.Sequence(Service("kafka-init"), "command").OfType<YamlScalarNode>().Select(s => s.Value));
        foreach (string key in new[] { "Topics__Listings", "Topics__Takedowns", "Topics__DeadLetter" })
        {
            Assert.Contains(env[key] + ":", init, StringComparison.Ordinal);
        }

        Assert.Equal("service_completed_successfully", Yaml.Scalar(Yaml.Map(Service("listing-scanner"), "depends_on", "kafka-init"), "condition"));

        // Built from the repository root with this directory's Dockerfile; same constraints as Kubernetes.
        var build = Yaml.Map(Service("listing-scanner"), "build");
        string context = Path.GetFullPath(Path.Combine(Directory, Yaml.Scalar(build, "context")));
        Assert.Equal(RepositoryPaths.Root.TrimEnd('/'), context.TrimEnd('/'));
        Assert.True(File.Exists(Path.Combine(context, Yaml.Scalar(build, "dockerfile"))));
        Assert.Equal("true", Yaml.Scalar(Service("listing-scanner"), "read_only"));
        Assert.Contains("/tmp", Yaml.Sequence(Service("listing-scanner"), "tmpfs").OfType<YamlScalarNode>().Select(s => s.Value));
        Assert.Equal(KubernetesManifestTests.AppHttpPort().ToString(System.Globalization.CultureInfo.InvariantCulture), env["Http__Port"]);

        // Every bind-mounted host path exists.
        foreach (var service in services.Children.Values.OfType<YamlMappingNode>())
        {
            foreach (var volume in Yaml.Sequence(service, "volumes").OfType<YamlScalarNode>())
            {
                string source = volume.Value!.Split(':')[0];
                if (source.StartsWith('.'))
                {
                    // The sample listings arrive with the data files; everything else is in this repository already.
                    if (source.Contains("data/samples", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    Assert.True(Path.Exists(Path.Combine(Directory, source)), $"bind mount source missing: {source}");
                }
            }
        }
    }

    [Fact]
    public void Compose_prometheus_scrapes_the_workers_port_as_job_listing_scanner_and_grafana_gets_the_dashboard()
    {
        var config = Yaml.Load(Path.Combine(Directory, "prometheus.yml"));
        var job = Yaml.Sequence(config, "scrape_configs").OfType<YamlMappingNode>().Single(j => Yaml.Scalar(j, "job_name") == "listing-scanner");
        var discovery = Yaml.Sequence(job, "dns_sd_configs").OfType<YamlMappingNode>().Single();
        Assert.Equal(WorkerEnv()["Http__Port"], Yaml.Scalar(discovery, "port"));
        Assert.Contains("listing-scanner", Yaml.Sequence(discovery, "names").OfType<YamlScalarNode>().Select(n => n.Value));

        var provider = Yaml.Sequence(Yaml.Load(Path.Combine(Directory, "grafana", "provisioning", "dashboards", "listing-scanner.yml")), "providers")
            .OfType<YamlMappingNode>().Single();
        string dashboards = Yaml.Scalar(Yaml.Map(provider, "options"), "path");
        Assert.Contains(Yaml.Sequence(Service("grafana"), "volumes").OfType<YamlScalarNode>(), v => v.Value == $"../grafana:{dashboards}:ro");
        Assert.True(File.Exists(RepositoryPaths.Deploy("grafana", "listing-scanner-dashboard.json")));
    }

    [PromtoolFact]
    public async Task Promtool_check_config_accepts_the_compose_prometheus_configuration_with_the_projects_rules()
    {
        // In the container the rules are mounted at /etc/prometheus/rules; point that at the repository's copy.
        string config = File.ReadAllText(Path.Combine(Directory, "prometheus.yml"))
            .Replace("/etc/prometheus/rules/", RepositoryPaths.Deploy("prometheus") + "/", StringComparison.Ordinal);
        string file = Path.Combine(Path.GetTempPath(), $"prometheus-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, config);
        try
        {
            var result = await ExternalTool.RunAsync(ExternalTool.Find("promtool")!, ["check", "config", file]);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("2 rule files found", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"(?m)^FROM (\S+)")]
    private static partial Regex FromLine();

    /// <summary>COPY lines from the build context (not --from=stage): the sources, without the destination.</summary>
    [GeneratedRegex(@"(?m)^COPY (?!--)((?:\S+ )+)\S+$")]
    private static partial Regex CopyLine();
}
