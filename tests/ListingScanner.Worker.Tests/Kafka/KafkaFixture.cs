using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scanning;
using ListingScanner.Kafka;
using ListingScanner.Telemetry;
using ListingScanner.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ListingScanner.Worker.Tests.Kafka;

/// <summary>
/// A real Kafka-protocol cluster (librdkafka's mock brokers on loopback TCP) plus real Confluent.Kafka clients to feed
/// it and read it back. Nothing here fakes the Kafka client.
/// </summary>
internal sealed class KafkaFixture : IDisposable
{
    /// <summary>Generous: CI machines are small and loaded; conditions are polled, never slept on.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public KafkaFixture(int brokers = 1, int listingPartitions = 4)
    {
        Cluster = new MockKafkaCluster(brokers);
        Cluster.CreateTopic(Listings, listingPartitions, brokers);
        Cluster.CreateTopic(Takedowns, 2, brokers);
        Cluster.CreateTopic(DeadLetter, 1, brokers);
        Cluster.CreateTopic(Audit, 2, brokers);
        ListingPartitions = listingPartitions;
    }

    public const string Listings = "listings";
    public const string Takedowns = "takedowns";
    public const string DeadLetter = "listings.dlq";
    public const string Audit = "listings.audit";

    public MockKafkaCluster Cluster { get; }

    public int ListingPartitions { get; }

    public string Bootstrap => Cluster.BootstrapServers;

    /// <summary>The test dictionary: ivory and pangolin words flag a listing.</summary>
    public static WildlifeDictionary Dictionary(string version = "t1") => new()
    {
        Version = version,
        Entries =
        [
            new DictionaryEntry { Id = "ivory", Kind = EntryKind.Product, Terms = [new DictionaryTerm("象牙", "zh-Hans", "test"), new DictionaryTerm("ivory", "en", "test")] },
            new DictionaryEntry { Id = "pangolin", Kind = EntryKind.Species, Terms = [new DictionaryTerm("穿山甲", "zh-Hans", "test")] },
        ],
    };

    public WorkerOptions Options(string group = "listing-scanner", Action<Dictionary<string, string>>? properties = null)
    {
        var props = new Dictionary<string, string>
        {
            // The mock completes a rebalance only after session.timeout.ms - 1 s: keep it short in tests.
            ["session.timeout.ms"] = "6000",
            ["heartbeat.interval.ms"] = "500",
            ["topic.metadata.refresh.interval.ms"] = "2000",
        };
        properties?.Invoke(props);
        return new WorkerOptions
        {
            BootstrapServers = Bootstrap,
            GroupId = group,
            KafkaProperties = props,
            ListingsTopic = Listings,
            TakedownsTopic = Takedowns,
            DeadLetterTopic = DeadLetter,
            HttpPort = 0,
            ScanParallelism = 2,
            CommitIntervalMs = 200,
            DrainTimeoutSeconds = 30,
            ProduceRetryBackoffMs = 50,
        };
    }

    /// <summary>A synthetic listing; every third one offers ivory (so it is flagged), the rest are harmless.</summary>
    public static (string Id, byte[] Json, bool Flagged) Listing(int n, string prefix = "L")
    {
        bool flagged = n % 3 == 0;
        string id = $"{prefix}{n:D6}";
        string title = flagged ? $"出售 象牙 手镯 {n} 包邮" : $"Vintage teapot number {n}, ceramic, good condition";
        var json = ContractJson.SerializeListing(new ListingEvent
        {
            ListingId = id,
            Title = title,
            Description = "Collected over many years; message me for details. 详情请私信，谢谢。",
            Platform = "test-market",
            SellerId = "seller-" + (n % 97),
            Language = flagged ? "zh" : "en",
        });
        return (id, json, flagged);
    }

    /// <summary>Produces records with an idempotent, acks=all producer and waits for every delivery.</summary>
    public void Produce(string topic, IEnumerable<Message<byte[]?, byte[]?>> messages)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = Bootstrap,
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build();
        int failed = 0;
        Error? lastError = null;
        foreach (var message in messages)
        {
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, r =>
                    {
                        if (r.Error.IsError)
                        {
                            Interlocked.Increment(ref failed);
                            lastError = r.Error;
                        }
                    });
                    break;
                }
                catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    Thread.Sleep(10); // deliveries drain the queue in the background
                }
            }
        }

        producer.Flush(Patience);
        Assert.True(failed == 0, $"test producer: {failed} deliveries failed: {lastError}");
    }

    public List<(string Id, bool Flagged)> ProduceListings(int count, string prefix = "L", int start = 0)
    {
        var produced = new List<(string, bool)>(count);
        Produce(Listings, Enumerable.Range(start, count).Select(n =>
        {
            var (id, json, flagged) = Listing(n, prefix);
            produced.Add((id, flagged));
            return new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(id), Value = json };
        }));
        return produced;
    }

    /// <summary>Reads a whole topic from the beginning (no group) until <paramref name="done"/> holds or time runs out.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadTopic(string topic, Func<List<ConsumeResult<byte[]?, byte[]?>>, bool> done, TimeSpan? timeout = null)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = Bootstrap,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).Build();
        var metadata = MetadataPartitions(topic);
        consumer.Assign(metadata.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        var clock = Stopwatch.StartNew();
        while (!done(records) && clock.Elapsed < (timeout ?? Patience))
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is { IsPartitionEOF: false })
            {
                records.Add(r);
            }
        }

        return records;
    }

    /// <summary>Reads a topic up to its current end (high watermark) on every partition.</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadToEnd(string topic)
    {
        var remaining = new Dictionary<int, long>();
        using (var probe = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = Bootstrap, GroupId = "probe" }).Build())
        {
            foreach (int p in MetadataPartitions(topic))
            {
                long high = probe.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(30)).High.Value;
                if (high > 0)
                {
                    remaining[p] = high;
                }
            }
        }

        return ReadTopic(topic, got =>
        {
            if (got.Count > 0)
            {
                var last = got[^1];
                if (remaining.TryGetValue(last.Partition.Value, out long high) && last.Offset.Value >= high - 1)
                {
                    remaining.Remove(last.Partition.Value);
                }
            }

            return remaining.Count == 0;
        });
    }

    /// <summary>Reads a topic until it holds records with <paramref name="distinctKeys"/> different keys (duplicates allowed).</summary>
    public List<ConsumeResult<byte[]?, byte[]?>> ReadDistinctKeys(string topic, int distinctKeys, TimeSpan? timeout = null)
    {
        var keys = new HashSet<string>();
        int seen = 0;
        return ReadTopic(topic, got =>
        {
            for (; seen < got.Count; seen++)
            {
                keys.Add(got[seen].Message.Key is { } k ? Convert.ToBase64String(k) : "");
            }

            return keys.Count >= distinctKeys;
        }, timeout);
    }

    public List<int> MetadataPartitions(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Bootstrap }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(30));
        return metadata.Topics[0].Partitions.Select(p => p.PartitionId).ToList();
    }

    /// <summary>The group's committed offset and the log end offset of every listings partition.</summary>
    public List<(int Partition, long Committed, long End)> CommittedVsEnd(string group)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = Bootstrap,
            GroupId = group,
            EnableAutoCommit = false,
        }).Build();
        var partitions = Enumerable.Range(0, ListingPartitions).Select(p => new TopicPartition(Listings, p)).ToList();
        var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(30));
        var result = new List<(int, long, long)>();
        foreach (var c in committed)
        {
            var end = consumer.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(30)).High.Value;
            result.Add((c.Partition.Value, c.Offset.Value, end));
        }

        return result;
    }

    /// <summary>Polls until the group has committed every listings partition up to its end offset.</summary>
    public bool WaitForFullCommit(string group, TimeSpan? timeout = null) =>
        WaitUntil(() => CommittedVsEnd(group).TrueForAll(p => p.End == 0 || p.Committed == p.End), timeout);

    public static bool WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? Patience))
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(200);
        }

        return condition();
    }

    public void Dispose() => Cluster.Dispose();
}

/// <summary>One worker pipeline running in-process against the fixture's cluster.</summary>
internal sealed class RunningWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public RunningWorker(WorkerOptions options, WildlifeDictionary? dictionary = null, ILoggerFactory? logs = null)
    {
        Options = options;
        Engines = new ScanEngineHolder(ScanEngine.Create(dictionary ?? KafkaFixture.Dictionary()));
        Metrics = new ScannerMetrics();
        Readiness = new ReadinessState();
        Pipeline = new ListingPipeline(options, Engines, Metrics, Readiness, (logs ?? NullLoggerFactory.Instance).CreateLogger<ListingPipeline>());
        Run = Task.Run(() => Pipeline.RunAsync(_stop.Token));
    }

    public WorkerOptions Options { get; }
    public ScanEngineHolder Engines { get; }
    public ScannerMetrics Metrics { get; }
    public ReadinessState Readiness { get; }
    public ListingPipeline Pipeline { get; }
    public Task<int> Run { get; }

    /// <summary>Graceful stop (drain, commit, close); returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Run.WaitAsync(KafkaFixture.Patience);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Run.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
        Metrics.Dispose();
    }
}
