using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Kafka;
using ListingScanner.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ListingScanner.Demo;

/// <summary>What the demo runs with.</summary>
internal sealed record DemoSettings
{
    public required int HttpPort { get; init; }

    /// <summary>Exit 0 once every sample listing is committed and its verdict printed (tests, scripted runs).</summary>
    public bool ExitWhenDone { get; init; }

    public required WildlifeDictionary Dictionary { get; init; }

    /// <summary>Reloads the dictionary when its file changes; null: no hot reload.</summary>
    public Func<string, WildlifeDictionary>? DictionaryLoad { get; init; }

    /// <summary>Raw listing messages (one JSON document each, as ingestion would publish them).</summary>
    public required IReadOnlyList<byte[]> Listings { get; init; }

    /// <summary>The host builder with its configuration (appsettings + environment); the Kafka settings are replaced by the embedded cluster's.</summary>
    public required WebApplicationBuilder Builder { get; init; }

    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>Give up waiting for the sample verdicts after this long (only with <see cref="ExitWhenDone"/>).</summary>
    public TimeSpan DoneTimeout { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// <c>listing-scanner demo</c>: an embedded Kafka-protocol cluster on loopback, the sample listings produced into it,
/// the real worker consuming them over TCP, and every published verdict printed as it arrives.
/// </summary>
internal static class DemoRunner
{
    private const int ListingPartitions = 3;

    public static async Task<int> RunAsync(DemoSettings settings, CancellationToken cancellationToken = default)
    {
        var output = settings.Output;
        using var cluster = new MockKafkaCluster(brokers: 3);
        var options = WorkerOptionsReader.Read(settings.Builder.Configuration, requireBootstrap: false) with
        {
            BootstrapServers = cluster.BootstrapServers,
            HttpPort = settings.HttpPort,
            DrainTimeoutSeconds = 10,
            KafkaProperties = new Dictionary<string, string>
            {
                // The embedded cluster finishes a group rebalance only after session.timeout.ms - 1 s.
                ["session.timeout.ms"] = "6000",
                ["heartbeat.interval.ms"] = "500",
            },
        };
        cluster.CreateTopic(options.ListingsTopic, ListingPartitions, 3);
        cluster.CreateTopic(options.TakedownsTopic, 3, 3);
        cluster.CreateTopic(options.DeadLetterTopic, 1, 3);
        if (options.AuditTopic is { } audit)
        {
            cluster.CreateTopic(audit, 3, 3);
        }

        var app = WorkerHost.Build(settings.Builder, options, settings.Dictionary, settings.DictionaryLoad, LogLevel.Warning);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var exit = app.Services.GetRequiredService<WorkerExit>();

        await output.WriteLineAsync($"embedded Kafka cluster: {cluster.BootstrapServers}").ConfigureAwait(false);
        await output.WriteLineAsync($"metrics: http://localhost:{settings.HttpPort}/metrics").ConfigureAwait(false);
        await output.WriteLineAsync($"producing {settings.Listings.Count} sample listings to '{options.ListingsTopic}'; verdicts from '{options.TakedownsTopic}':").ConfigureAwait(false);
        Produce(cluster.BootstrapServers, options.ListingsTopic, settings.Listings);

        var printed = new Counts();
        bool done = await PrintVerdictsAsync(cluster.BootstrapServers, options, settings, printed, lifetime.ApplicationStopping).ConfigureAwait(false);

        if (done)
        {
            await output.WriteLineAsync(
                $"done: {settings.Listings.Count} listings scanned and committed; {printed.Takedowns} takedown, {printed.Reviews} review, "
                + $"{printed.DeadLetters} dead-lettered (allow verdicts are not published)").ConfigureAwait(false);
        }

        if (done && !settings.ExitWhenDone)
        {
            await output.WriteLineAsync("still serving metrics; Ctrl+C to stop").ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        if (exit.Code != 0)
        {
            return exit.Code;
        }

        return done || !settings.ExitWhenDone ? 0 : 1;
    }

    private static void Produce(string bootstrap, string topic, IReadOnlyList<byte[]> listings)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = bootstrap, EnableIdempotence = true }).Build();
        foreach (var value in listings)
        {
            // Keyed by listing id like a real ingestion system would (so a listing's updates stay in order).
            byte[]? key = ListingParser.TryParse(value, out var listing, out _) ? Encoding.UTF8.GetBytes(listing!.ListingId) : null;
            producer.Produce(topic, new Message<byte[]?, byte[]?> { Key = key, Value = value });
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Prints verdicts and dead letters until every sample listing's offset is committed by the worker and the
    /// verdict topics are read to their end (returns true), or until the host stops (returns false).
    /// </summary>
    private static async Task<bool> PrintVerdictsAsync(string bootstrap, WorkerOptions options, DemoSettings settings, Counts counts, CancellationToken stopping)
    {
        using var reader = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "listing-scanner-demo-reader",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        var partitions = new List<TopicPartitionOffset>();
        foreach (var (topic, count) in new[] { (options.TakedownsTopic, 3), (options.DeadLetterTopic, 1) })
        {
            for (int p = 0; p < count; p++)
            {
                partitions.Add(new TopicPartitionOffset(topic, p, Offset.Beginning));
            }
        }

        reader.Assign(partitions);
        var atEnd = new HashSet<TopicPartition>();
        var clock = Stopwatch.StartNew();
        var nextCheck = TimeSpan.Zero;
        bool allCommitted = false;
        while (!stopping.IsCancellationRequested)
        {
            var record = reader.Consume(TimeSpan.FromMilliseconds(100));
            if (record is { IsPartitionEOF: true })
            {
                atEnd.Add(record.TopicPartition);
            }
            else if (record is not null)
            {
                atEnd.Remove(record.TopicPartition);
                await settings.Output.WriteLineAsync(Describe(record, options, counts)).ConfigureAwait(false);
            }

            if (clock.Elapsed >= nextCheck)
            {
                nextCheck = clock.Elapsed + TimeSpan.FromMilliseconds(500);
                allCommitted = allCommitted || AllCommitted(reader, options);
            }

            // Committed means every verdict was acknowledged before: once all committed and the verdict topics are
            // read to their end, nothing more is coming.
            if (allCommitted && atEnd.Count == partitions.Count)
            {
                return true;
            }

            if (settings.ExitWhenDone && clock.Elapsed > settings.DoneTimeout)
            {
                await settings.Output.WriteLineAsync($"gave up after {settings.DoneTimeout.TotalSeconds:F0} s waiting for the sample verdicts").ConfigureAwait(false);
                return false;
            }

            await Task.Yield();
        }

        return false;
    }

    private static bool AllCommitted(IConsumer<byte[]?, byte[]?> client, WorkerOptions options)
    {
        using var groupView = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId,
            EnableAutoCommit = false,
        }).Build();
        try
        {
            var partitions = Enumerable.Range(0, ListingPartitions).Select(p => new TopicPartition(options.ListingsTopic, p)).ToList();
            foreach (var committed in groupView.Committed(partitions, TimeSpan.FromSeconds(10)))
            {
                long end = client.QueryWatermarkOffsets(committed.TopicPartition, TimeSpan.FromSeconds(10)).High.Value;
                if (end > 0 && committed.Offset.Value != end)
                {
                    return false;
                }
            }

            return true;
        }
        catch (KafkaException)
        {
            return false;
        }
    }

    private static string Describe(ConsumeResult<byte[]?, byte[]?> record, WorkerOptions options, Counts counts)
    {
        if (record.Topic == options.DeadLetterTopic)
        {
            counts.DeadLetters++;
            string reason = Header(record, "dlq-reason");
            string message = Header(record, "dlq-message");
            string key = record.Message.Key is { } k ? Encoding.UTF8.GetString(k) : "(no key)";
            return $"DEAD-LETTER {reason,-16} {key}  {message}";
        }

        Verdict? verdict;
        try
        {
            verdict = record.Message.Value is { } value ? ContractJson.DeserializeVerdict(value) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            verdict = null;
        }

        if (verdict is null)
        {
            return $"(unreadable verdict at {record.TopicPartitionOffset})";
        }

        if (verdict.Action == VerdictAction.Takedown)
        {
            counts.Takedowns++;
        }
        else if (verdict.Action == VerdictAction.Review)
        {
            counts.Reviews++;
        }

        var terms = new List<string>();
        foreach (var match in verdict.Matches)
        {
            if (!terms.Contains(match.Text))
            {
                terms.Add(match.Text);
            }
        }

        string action = verdict.Action.ToString().ToUpperInvariant();
        string score = verdict.Score.ToString("0.00", CultureInfo.InvariantCulture);
        return $"{action,-11} {score}  {verdict.ListingId}  {string.Join(", ", terms)}";
    }

    private static string Header(ConsumeResult<byte[]?, byte[]?> record, string key) =>
        record.Message.Headers is { } headers && headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : "";

    private sealed class Counts
    {
        public int Takedowns;
        public int Reviews;
        public int DeadLetters;
    }
}
