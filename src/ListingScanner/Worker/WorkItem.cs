using Confluent.Kafka;

namespace ListingScanner.Worker;

/// <summary>One consumed listing on its way through the pipeline.</summary>
internal sealed class WorkItem
{
    public WorkItem(ConsumeResult<byte[]?, byte[]?> source, PartitionOffsets offsets, long consumedAt)
    {
        Source = source;
        Offsets = offsets;
        ConsumedAt = consumedAt;
    }

    public ConsumeResult<byte[]?, byte[]?> Source { get; }

    /// <summary>The bookkeeping of the partition assignment this message was consumed under.</summary>
    public PartitionOffsets Offsets { get; }

    /// <summary>Stopwatch timestamp of consumption, for the consume-to-verdict latency.</summary>
    public long ConsumedAt { get; }

    public long Offset => Source.Offset.Value;

    /// <summary>Records to publish for this listing (verdict, audit copy, or dead-letter record); null or empty: none.</summary>
    public Outbound? First { get; set; }

    public Outbound? Second { get; set; }

    /// <summary>Records not yet acknowledged; the offset completes when it reaches zero.</summary>
    public int PendingAcks;
}

/// <summary>One record to produce on behalf of a <see cref="WorkItem"/>, with its retry state.</summary>
internal sealed class Outbound
{
    public Outbound(WorkItem owner, string topic, Message<byte[]?, byte[]?> message)
    {
        Owner = owner;
        Topic = topic;
        Message = message;
    }

    public WorkItem Owner { get; }

    public string Topic { get; }

    public Message<byte[]?, byte[]?> Message { get; set; }

    /// <summary>Re-produce attempts after retriable delivery errors.</summary>
    public int Retries { get; set; }

    /// <summary>The delivery handler bound to this record, created once (re-produce reuses it).</summary>
    public Action<DeliveryReport<byte[]?, byte[]?>>? Handler { get; set; }
}
