using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ListingScanner.Worker;

/// <summary>
/// Everything the streaming worker is configured with, read once at start-up from appsettings.json and environment
/// variables (<c>Section__Key</c>). Every key and default is documented in Worker/CONFIGURATION.md.
/// </summary>
internal sealed record WorkerOptions
{
    /// <summary>Kafka__BootstrapServers: required for <c>run</c>; the demo fills it with the embedded cluster.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Kafka__GroupId (default listing-scanner).</summary>
    public string GroupId { get; init; } = "listing-scanner";

    /// <summary>Kafka__Properties__&lt;name&gt;: librdkafka properties passed to consumer and producer as-is (SASL, SSL, ...).</summary>
    public IReadOnlyDictionary<string, string> KafkaProperties { get; init; } = new Dictionary<string, string>();

    public string ListingsTopic { get; init; } = "listings";
    public string TakedownsTopic { get; init; } = "takedowns";
    public string DeadLetterTopic { get; init; } = "listings.dlq";

    /// <summary>Topics__Audit: when set, every verdict (allow included) is also published there.</summary>
    public string? AuditTopic { get; init; }

    /// <summary>Dictionary__Path (default: the bundled dictionary).</summary>
    public string DictionaryPath { get; init; } = DefaultPaths.Dictionary;

    /// <summary>Dictionary__PollSeconds: how often the dictionary file's fingerprint is checked besides file events.</summary>
    public int DictionaryPollSeconds { get; init; } = 5;

    /// <summary>Http__Port (default 9464): /metrics, /healthz, /readyz, POST /v1/scan.</summary>
    public int HttpPort { get; init; } = 9464;

    /// <summary>Worker__ScanParallelism: CPU-stage workers (default: processor count).</summary>
    public int ScanParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Worker__ScanQueueCapacity: consumed messages waiting for a scan worker.</summary>
    public int ScanQueueCapacity { get; init; } = 4096;

    /// <summary>Worker__PublishQueueCapacity: scanned messages waiting to be handed to the producer.</summary>
    public int PublishQueueCapacity { get; init; } = 4096;

    /// <summary>Worker__DrainTimeoutSeconds: on shutdown, how long in-flight work may take to finish before the final commit.</summary>
    public int DrainTimeoutSeconds { get; init; } = 30;

    /// <summary>Worker__MaxMessageBytes: listings larger than this go to the dead-letter topic as oversize.</summary>
    public int MaxMessageBytes { get; init; } = 1 << 20;

    /// <summary>Worker__CommitIntervalMs: how often completed offsets are committed.</summary>
    public int CommitIntervalMs { get; init; } = 1000;

    /// <summary>Worker__ProduceRetryBackoffMs: first backoff before re-producing after a retriable delivery error (doubles, max 30 s).</summary>
    public int ProduceRetryBackoffMs { get; init; } = 250;

    /// <summary>TimeSpan form of <see cref="DrainTimeoutSeconds"/>.</summary>
    public TimeSpan DrainTimeout => TimeSpan.FromSeconds(DrainTimeoutSeconds);
}

/// <summary>A configuration value that cannot be used; the message names the key as an environment variable.</summary>
internal sealed class ConfigurationException(string message) : Exception(message);

/// <summary>Reads and validates <see cref="WorkerOptions"/>; every error names the key it is about.</summary>
internal static class WorkerOptionsReader
{
    public static WorkerOptions Read(IConfiguration config, bool requireBootstrap = true)
    {
        string? bootstrap = Text(config, "Kafka:BootstrapServers");
        if (requireBootstrap && bootstrap is null)
        {
            throw new ConfigurationException(
                "Kafka__BootstrapServers: required (e.g. broker1:9092,broker2:9092); to try the scanner without a cluster run `listing-scanner demo`");
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in config.GetSection("Kafka:Properties").GetChildren())
        {
            if (child.Value is { } value)
            {
                properties[child.Key] = value;
            }
        }

        var defaults = new WorkerOptions { BootstrapServers = "" };
        var options = new WorkerOptions
        {
            BootstrapServers = bootstrap ?? "",
            GroupId = Text(config, "Kafka:GroupId") ?? defaults.GroupId,
            KafkaProperties = properties,
            ListingsTopic = Text(config, "Topics:Listings") ?? defaults.ListingsTopic,
            TakedownsTopic = Text(config, "Topics:Takedowns") ?? defaults.TakedownsTopic,
            DeadLetterTopic = Text(config, "Topics:DeadLetter") ?? defaults.DeadLetterTopic,
            AuditTopic = Text(config, "Topics:Audit"),
            DictionaryPath = Text(config, "Dictionary:Path") ?? defaults.DictionaryPath,
            DictionaryPollSeconds = Int(config, "Dictionary:PollSeconds", defaults.DictionaryPollSeconds, 1, 3600),
            HttpPort = Int(config, "Http:Port", defaults.HttpPort, 1, 65535),
            ScanParallelism = Int(config, "Worker:ScanParallelism", defaults.ScanParallelism, 1, 256),
            ScanQueueCapacity = Int(config, "Worker:ScanQueueCapacity", defaults.ScanQueueCapacity, 1, 1_000_000),
            PublishQueueCapacity = Int(config, "Worker:PublishQueueCapacity", defaults.PublishQueueCapacity, 1, 1_000_000),
            DrainTimeoutSeconds = Int(config, "Worker:DrainTimeoutSeconds", defaults.DrainTimeoutSeconds, 0, 3600),
            MaxMessageBytes = Int(config, "Worker:MaxMessageBytes", defaults.MaxMessageBytes, 1, 100 << 20),
            CommitIntervalMs = Int(config, "Worker:CommitIntervalMs", defaults.CommitIntervalMs, 10, 600_000),
            ProduceRetryBackoffMs = Int(config, "Worker:ProduceRetryBackoffMs", defaults.ProduceRetryBackoffMs, 1, 60_000),
        };

        RequireDistinct(options);
        return options;
    }

    /// <summary>The key as an operator sets it: Http:Port becomes Http__Port.</summary>
    public static string EnvName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static void RequireDistinct(WorkerOptions o)
    {
        // Publishing verdicts into the topic being consumed would feed the worker its own output forever.
        foreach (var (key, topic) in new[] { ("Topics:Takedowns", o.TakedownsTopic), ("Topics:DeadLetter", o.DeadLetterTopic), ("Topics:Audit", o.AuditTopic) })
        {
            if (topic is not null && topic == o.ListingsTopic)
            {
                throw new ConfigurationException($"{EnvName(key)}: must differ from Topics__Listings ('{topic}')");
            }
        }
    }

    private static string? Text(IConfiguration config, string key)
    {
        string? value = config[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static int Int(IConfiguration config, string key, int fallback, int min, int max)
    {
        string? raw = Text(config, key);
        if (raw is null)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw new ConfigurationException($"{EnvName(key)}: must be {min}-{max}, got '{raw}'");
        }

        return value;
    }
}
