namespace ListingScanner.Worker.Tests.Kafka;

/// <summary>
/// Kafka integration tests run one at a time: each starts its own cluster and worker threads, and on a 2-core CI
/// machine running them side by side only makes every one of them slower and flakier.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KafkaCollection
{
    public const string Name = "kafka";
}
