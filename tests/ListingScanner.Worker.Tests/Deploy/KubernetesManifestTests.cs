using System.Net;
using System.Reflection;
using ListingScanner.Worker.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace ListingScanner.Worker.Tests.Deploy;

/// <summary>
/// deploy/kubernetes: every file parses, and the objects agree with each other and with the application (probe paths
/// answer on the real endpoints, ports, drain deadline, consumer group). kubectl is not needed.
/// </summary>
public class KubernetesManifestTests
{
    /// <summary>Http__Port's default in the worker (WorkerOptions.HttpPort); also the port the image exposes.</summary>
    internal const int DefaultHttpPort = 9464;

    /// <summary>The host allows the drain this much longer before it gives up (WorkerHost: ShutdownTimeout).</summary>
    private const int HostShutdownSlackSeconds = 15;

    private static readonly string Directory = RepositoryPaths.Deploy("kubernetes");

    private static YamlMappingNode Manifest(string file) => Yaml.Load(Path.Combine(Directory, file));

    private static YamlMappingNode PodSpec() => Yaml.Map(Manifest("deployment.yaml"), "spec", "template", "spec");

    private static YamlMappingNode Container() => Yaml.Sequence(PodSpec(), "containers").OfType<YamlMappingNode>().Single();

    private static Dictionary<string, string> Env() => Yaml.Sequence(Container(), "env").OfType<YamlMappingNode>()
        .Where(e => e.Children.ContainsKey("value"))
        .ToDictionary(e => Yaml.Scalar(e, "name"), e => Yaml.Scalar(e, "value"), StringComparer.Ordinal);

    [Fact]
    public void Every_manifest_parses_and_names_its_api_version_and_kind()
    {
        var files = System.IO.Directory.GetFiles(Directory, "*.yaml");
        Assert.True(files.Length >= 6, "expected the deployment, service, pdb, keda, servicemonitor and namespace manifests");

        foreach (string file in files.Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal)))
        {
            foreach (var document in Yaml.LoadAll(file))
            {
                Assert.False(string.IsNullOrEmpty(Yaml.Scalar(document, "apiVersion")), file);
                Assert.False(string.IsNullOrEmpty(Yaml.Scalar(document, "kind")), file);
                Assert.False(string.IsNullOrEmpty(Yaml.Scalar(Yaml.Map(document, "metadata"), "name")), file);
            }
        }

        foreach (var resource in Yaml.Sequence(Manifest("kustomization.yaml"), "resources").OfType<YamlScalarNode>())
        {
            Assert.True(File.Exists(Path.Combine(Directory, resource.Value!)), $"kustomization lists a missing file: {resource.Value}");
        }
    }

    [Fact]
    public async Task Probe_paths_are_real_endpoints_and_the_port_is_the_apps_http_port()
    {
        var container = Container();
        var port = Yaml.Sequence(container, "ports").OfType<YamlMappingNode>().Single();
        Assert.Equal("http", Yaml.Scalar(port, "name"));
        Assert.Equal(AppHttpPort().ToString(System.Globalization.CultureInfo.InvariantCulture), Yaml.Scalar(port, "containerPort"));
        Assert.Equal(Yaml.Scalar(port, "containerPort"), Env()["Http__Port"]);

        string liveness = Probe(container, "livenessProbe"), readiness = Probe(container, "readinessProbe"), startup = Probe(container, "startupProbe");
        Assert.Equal("/healthz", liveness);
        Assert.Equal("/readyz", readiness);
        Assert.Equal("/healthz", startup);

        // The paths must be served by the real endpoints: liveness 200 even when not ready, readiness 503 until ready.
        await using var host = await ScannerTestHost.StartAsync();
        using (var live = await host.Client.GetAsync(new Uri(liveness, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        using var notReady = await host.Client.GetAsync(new Uri(readiness, UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
    }

    [Fact]
    public void Termination_grace_outlasts_the_drain_deadline_and_the_hosts_shutdown_timeout()
    {
        int grace = int.Parse(Yaml.Scalar(PodSpec(), "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture);
        int drain = int.Parse(Env()["Worker__DrainTimeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(drain >= 30, "Worker__DrainTimeoutSeconds below the default 30 shortens the drain");
        Assert.True(grace > drain + HostShutdownSlackSeconds, $"terminationGracePeriodSeconds {grace} must exceed drain {drain} + {HostShutdownSlackSeconds}");
    }

    [Fact]
    public void Pod_runs_non_root_with_a_read_only_root_filesystem_and_a_writable_tmp()
    {
        var pod = PodSpec();
        var container = Container();
        Assert.Equal("true", Yaml.Scalar(Yaml.Map(pod, "securityContext"), "runAsNonRoot"));
        Assert.NotEqual("0", Yaml.Scalar(Yaml.Map(pod, "securityContext"), "runAsUser"));
        var security = Yaml.Map(container, "securityContext");
        Assert.Equal("true", Yaml.Scalar(security, "readOnlyRootFilesystem"));
        Assert.Equal("false", Yaml.Scalar(security, "allowPrivilegeEscalation"));

        var tmpMount = Yaml.Sequence(container, "volumeMounts").OfType<YamlMappingNode>().Single(m => Yaml.Scalar(m, "mountPath") == "/tmp");
        var tmpVolume = Yaml.Sequence(pod, "volumes").OfType<YamlMappingNode>().Single(v => Yaml.Scalar(v, "name") == Yaml.Scalar(tmpMount, "name"));
        Assert.True(tmpVolume.Children.ContainsKey("emptyDir"));

        Assert.True(Yaml.Map(container, "resources", "requests").Children.ContainsKey("cpu"));
        Assert.True(Yaml.Map(container, "resources", "limits").Children.ContainsKey("memory"));
        Assert.True(Yaml.Map(pod, "affinity").Children.ContainsKey("podAntiAffinity"));
    }

    [Fact]
    public void Dictionary_configmap_is_mounted_as_a_directory_so_updates_reach_the_running_pods()
    {
        var pod = PodSpec();
        var volume = Yaml.Sequence(pod, "volumes").OfType<YamlMappingNode>().Single(v => v.Children.ContainsKey("configMap"));
        string configMap = Yaml.Scalar(Yaml.Map(volume, "configMap"), "name");
        var mount = Yaml.Sequence(Container(), "volumeMounts").OfType<YamlMappingNode>().Single(m => Yaml.Scalar(m, "name") == Yaml.Scalar(volume, "name"));

        // A subPath mount is a copy taken at start: the kubelet never updates it, and hot reload would never fire.
        Assert.False(mount.Children.ContainsKey("subPath"));
        string dictionaryPath = Env()["Dictionary__Path"];
        Assert.Equal(Yaml.Scalar(mount, "mountPath"), Path.GetDirectoryName(dictionaryPath));

        // apply.sh creates that ConfigMap with the key the path names.
        string script = File.ReadAllText(Path.Combine(Directory, "apply.sh"));
        Assert.Contains($"create configmap {configMap}", script, StringComparison.Ordinal);
        Assert.Contains($"--from-file={Path.GetFileName(dictionaryPath)}=", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_pdb_servicemonitor_and_scaler_select_the_deployment()
    {
        var deployment = Manifest("deployment.yaml");
        string name = Yaml.Scalar(Yaml.Map(deployment, "metadata"), "name");
        var podLabels = Yaml.Map(deployment, "spec", "template", "metadata", "labels");
        bool Selects(YamlMappingNode selector) => selector.Children.All(kv =>
            podLabels.Children.TryGetValue(kv.Key, out var value) && ((YamlScalarNode)value).Value == ((YamlScalarNode)kv.Value).Value);

        var service = Manifest("service.yaml");
        Assert.True(Selects(Yaml.Map(service, "spec", "selector")));
        var servicePort = Yaml.Sequence(Yaml.Map(service, "spec"), "ports").OfType<YamlMappingNode>().Single();
        Assert.Equal("http", Yaml.Scalar(servicePort, "targetPort"));
        Assert.Equal(Env()["Http__Port"], Yaml.Scalar(servicePort, "port"));

        Assert.True(Selects(Yaml.Map(Manifest("pdb.yaml"), "spec", "selector", "matchLabels")));

        var monitor = Manifest("servicemonitor.yaml");
        var serviceLabels = Yaml.Map(service, "metadata", "labels");
        Assert.All(Yaml.Map(monitor, "spec", "selector", "matchLabels").Children,
            kv => Assert.Equal(((YamlScalarNode)kv.Value).Value, ((YamlScalarNode)serviceLabels.Children[kv.Key]).Value));
        Assert.Equal(Yaml.Scalar(servicePort, "name"),
            Yaml.Scalar(Yaml.Sequence(Yaml.Map(monitor, "spec"), "endpoints").OfType<YamlMappingNode>().Single(), "port"));

        var scaler = Manifest("keda-scaledobject.yaml");
        Assert.Equal(name, Yaml.Scalar(Yaml.Map(scaler, "spec", "scaleTargetRef"), "name"));
        var trigger = Yaml.Sequence(Yaml.Map(scaler, "spec"), "triggers").OfType<YamlMappingNode>().Single();
        Assert.Equal("kafka", Yaml.Scalar(trigger, "type"));
        var metadata = Yaml.Map(trigger, "metadata");
        var env = Env();
        Assert.Equal(env["Kafka__BootstrapServers"], Yaml.Scalar(metadata, "bootstrapServers"));
        Assert.Equal(env["Kafka__GroupId"], Yaml.Scalar(metadata, "consumerGroup"));
        Assert.Equal(env["Topics__Listings"], Yaml.Scalar(metadata, "topic"));
        Assert.Equal("false", Yaml.Scalar(metadata, "allowIdleConsumers")); // never more replicas than partitions
    }

    /// <summary>
    /// The worker's default HTTP port: read from WorkerOptions when the worker is in this build (the options type lives
    /// on the worker branch), otherwise the documented default.
    /// </summary>
    internal static int AppHttpPort()
    {
        var options = typeof(ListingScanner.Http.HttpEndpoints).Assembly.GetType("ListingScanner.Worker.WorkerOptions");
        if (options is null)
        {
            return DefaultHttpPort;
        }

        object instance = Activator.CreateInstance(options, nonPublic: true)!;
        return (int)options.GetProperty("HttpPort", BindingFlags.Public | BindingFlags.Instance)!.GetValue(instance)!;
    }

    private static string Probe(YamlMappingNode container, string probe)
    {
        var get = Yaml.Map(container, probe, "httpGet");
        Assert.Equal("http", Yaml.Scalar(get, "port"));
        return Yaml.Scalar(get, "path");
    }
}
