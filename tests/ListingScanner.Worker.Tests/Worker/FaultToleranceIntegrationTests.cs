using ListingScanner.Engine.Contract;
using ListingScanner.Kafka;
using ListingScanner.Worker.Tests.Kafka;
using Xunit.Abstractions;

namespace ListingScanner.Worker.Tests.Worker;

/// <summary>
/// Broker faults injected through the mock cluster while the worker runs: nothing may be lost. Duplicates are
/// allowed (at-least-once), so every check is "each listing has a verdict" plus "every offset committed".
/// </summary>
[Collection(KafkaCollection.Name)]
public class FaultToleranceIntegrationTests(ITestOutputHelper output)
{
    // Kafka protocol error codes.
    private const int NotLeaderForPartition = 6;
    private const int RequestTimedOut = 7;
    private const int NotEnoughReplicas = 19;
    private const int CoordinatorNotAvailable = 15;

    [Fact]
    public async Task Request_errors_on_produce_fetch_and_offset_commit_lose_nothing()
    {
        using var kafka = new KafkaFixture(brokers: 3, listingPartitions: 4);
        var produced = kafka.ProduceListings(3_000);
        var options = kafka.Options() with { AuditTopic = KafkaFixture.Audit };

        kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, NotEnoughReplicas, 20);
        kafka.Cluster.PushRequestErrors(KafkaApiKey.Fetch, NotLeaderForPartition, 10);
        kafka.Cluster.PushRequestErrors(KafkaApiKey.OffsetCommit, CoordinatorNotAvailable, 5);
        await using var worker = new RunningWorker(options, logs: TestOutputLogger.Factory(output));

        // More errors while it is busy.
        KafkaFixture.WaitUntil(() => worker.Readiness.AssignedPartitions > 0);
        kafka.Cluster.PushRequestErrors(KafkaApiKey.Produce, RequestTimedOut, 10);
        kafka.Cluster.PushRequestErrors(KafkaApiKey.OffsetCommit, RequestTimedOut, 5);
        produced.AddRange(kafka.ProduceListings(3_000, start: 3_000));

        await AssertNothingLostAsync(kafka, worker, produced);
    }

    [Fact]
    public async Task A_broker_down_then_up_and_leader_changes_lose_nothing()
    {
        using var kafka = new KafkaFixture(brokers: 3, listingPartitions: 4);
        var produced = kafka.ProduceListings(2_000);
        var options = kafka.Options() with { AuditTopic = KafkaFixture.Audit };
        await using var worker = new RunningWorker(options, logs: TestOutputLogger.Factory(output));
        KafkaFixture.WaitUntil(() => worker.Readiness.AssignedPartitions > 0);

        // Leadership moves for the input and output topics, then a broker disappears for a while.
        for (int p = 0; p < kafka.ListingPartitions; p++)
        {
            kafka.Cluster.SetPartitionLeader(KafkaFixture.Listings, p, (p % 3) + 1);
        }

        kafka.Cluster.SetPartitionLeader(KafkaFixture.Audit, 0, 2);
        kafka.Cluster.SetPartitionLeader(KafkaFixture.Takedowns, 1, 3);
        produced.AddRange(kafka.ProduceListings(2_000, start: 2_000));

        kafka.Cluster.SetBrokerDown(2);
        Thread.Sleep(TimeSpan.FromSeconds(3)); // the outage itself is the fault being tested
        kafka.Cluster.SetBrokerUp(2);
        kafka.Cluster.SetPartitionLeader(KafkaFixture.Listings, 0, 3);
        produced.AddRange(kafka.ProduceListings(2_000, start: 4_000));

        await AssertNothingLostAsync(kafka, worker, produced);
    }

    [Fact]
    public async Task Two_workers_in_one_group_split_the_partitions_and_together_lose_nothing()
    {
        using var kafka = new KafkaFixture(brokers: 1, listingPartitions: 4);
        var options = kafka.Options() with { AuditTopic = KafkaFixture.Audit };
        await using var first = new RunningWorker(options, logs: TestOutputLogger.Factory(output));
        await using var second = new RunningWorker(options, logs: TestOutputLogger.Factory(output));

        // Both members hold partitions at the same time: the group really split the work.
        Assert.True(KafkaFixture.WaitUntil(() => first.Readiness.AssignedPartitions > 0 && second.Readiness.AssignedPartitions > 0
            && first.Readiness.AssignedPartitions + second.Readiness.AssignedPartitions == kafka.ListingPartitions));
        var produced = kafka.ProduceListings(4_000);

        var audit = PipelineIntegrationTests.Verdicts(kafka.ReadDistinctKeys(KafkaFixture.Audit, produced.Count));
        Assert.True(kafka.WaitForFullCommit(options.GroupId), PipelineIntegrationTests.Describe(kafka.CommittedVsEnd(options.GroupId)));

        // One member leaves: the other takes over its partitions and keeps going.
        Assert.Equal(0, await first.StopAsync());
        Assert.True(KafkaFixture.WaitUntil(() => second.Readiness.AssignedPartitions == kafka.ListingPartitions));
        produced.AddRange(kafka.ProduceListings(2_000, start: 4_000));
        audit = PipelineIntegrationTests.Verdicts(kafka.ReadDistinctKeys(KafkaFixture.Audit, produced.Count));
        Assert.True(kafka.WaitForFullCommit(options.GroupId), PipelineIntegrationTests.Describe(kafka.CommittedVsEnd(options.GroupId)));
        Assert.Equal(0, await second.StopAsync());

        Assert.Empty(produced.Select(p => p.Id).Except(audit.Keys));
    }

    /// <summary>Every listing has a verdict on the audit topic, every flagged one on the takedown topic, all committed.</summary>
    internal static async Task AssertNothingLostAsync(KafkaFixture kafka, RunningWorker worker, List<(string Id, bool Flagged)> produced)
    {
        var ids = produced.Select(p => p.Id).ToHashSet();
        var audit = PipelineIntegrationTests.Verdicts(kafka.ReadDistinctKeys(KafkaFixture.Audit, ids.Count));
        Assert.True(kafka.WaitForFullCommit(worker.Options.GroupId), PipelineIntegrationTests.Describe(kafka.CommittedVsEnd(worker.Options.GroupId)));
        var takedowns = PipelineIntegrationTests.Verdicts(kafka.ReadToEnd(KafkaFixture.Takedowns));
        Assert.Equal(0, await worker.StopAsync());

        Assert.Empty(ids.Except(audit.Keys));
        var flagged = audit.Values.Where(v => v.Action != VerdictAction.Allow).Select(v => v.ListingId);
        Assert.Empty(flagged.Except(takedowns.Keys));
    }
}
