using Confluent.Kafka;
using ListingScanner.Worker;

namespace ListingScanner.Kafka;

/// <summary>Client configuration for the worker's consumer and producer; the one place Kafka settings are decided.</summary>
internal static class KafkaClients
{
    /// <summary>Consumer settings. Kafka__Properties__* override the tuning defaults, not the correctness settings.</summary>
    public static ConsumerConfig ConsumerConfig(WorkerOptions options)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // librdkafka 2.0.2 stalls a consumer for about a second whenever a partition's prefetch queue fills
            // (defaults: 100k messages or 64 MB); with a backlog that happens constantly and halves throughput.
            QueuedMinMessages = 500_000,
            QueuedMaxMessagesKbytes = 262_144,
            // Headers are needed (they travel to the dead-letter topic); the rest of the default fields are used too.
            EnablePartitionEof = false,
        };
        ApplyPassThrough(config, options);

        // Correctness settings, re-applied after the pass-through so no property can weaken at-least-once:
        // offsets are committed explicitly by the worker, only over the contiguous prefix of listings whose verdicts
        // the broker has acknowledged (see Worker/PartitionOffsets.cs). Auto-commit would commit whatever the
        // consumer has merely fetched.
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        return config;
    }

    /// <summary>Producer settings for verdicts, audit and dead-letter records.</summary>
    public static ProducerConfig ProducerConfig(WorkerOptions options)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            // Large batches: at 100k+ verdicts/s per-request overhead dominates otherwise.
            LingerMs = 5,
            BatchNumMessages = 10_000,
            // The delivery report only needs the status: copying key and value back costs allocations per message.
            DeliveryReportFields = "status",
        };
        ApplyPassThrough(config, options);

        // Idempotent producer with acks=all: librdkafka retries transient errors itself without duplicating or
        // reordering, and a delivery report means the record is on every in-sync replica.
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        return config;
    }

    private static void ApplyPassThrough(ClientConfig config, WorkerOptions options)
    {
        foreach (var (name, value) in options.KafkaProperties)
        {
            config.Set(name, value);
        }
    }
}
