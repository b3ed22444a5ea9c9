using System.Text;
using Confluent.Kafka;
using ListingScanner.Engine.Contract;
using ListingScanner.Worker.Tests.Kafka;
using Xunit.Abstractions;

namespace ListingScanner.Worker.Tests.Worker;

/// <summary>The whole worker against a real Kafka-protocol cluster over TCP.</summary>
[Collection(KafkaCollection.Name)]
public class PipelineIntegrationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_thousand_listings_every_flagged_one_published_and_every_offset_committed()
    {
        using var kafka = new KafkaFixture(brokers: 3, listingPartitions: 4);
        var produced = kafka.ProduceListings(10_000);

        var options = kafka.Options() with { AuditTopic = KafkaFixture.Audit };
        await using var worker = new RunningWorker(options, logs: TestOutputLogger.Factory(output));

        // The audit topic gets every verdict: it tells which listings the engine flagged.
        var audit = Verdicts(kafka.ReadDistinctKeys(KafkaFixture.Audit, produced.Count));
        Assert.True(kafka.WaitForFullCommit(options.GroupId), Describe(kafka.CommittedVsEnd(options.GroupId)));
        var takedowns = Verdicts(kafka.ReadToEnd(KafkaFixture.Takedowns));
        Assert.Equal(0, await worker.StopAsync());

        Assert.Equal(produced.Select(p => p.Id).ToHashSet(), audit.Keys.ToHashSet());
        var flagged = audit.Values.Where(v => v.Action != VerdictAction.Allow).Select(v => v.ListingId).ToHashSet();
        Assert.Equal(flagged, takedowns.Keys.ToHashSet());

        // The dictionary was really applied: every ivory listing matched, no teapot did.
        foreach (var (id, designedToMatch) in produced)
        {
            Assert.Equal(designedToMatch, audit[id].Matches.Count > 0);
        }
    }

    /// <summary>Verdicts by listing id, checking the record contract (key, headers) on the way.</summary>
    internal static Dictionary<string, Verdict> Verdicts(List<ConsumeResult<byte[]?, byte[]?>> records)
    {
        var verdicts = new Dictionary<string, Verdict>();
        foreach (var record in records)
        {
            var verdict = ContractJson.DeserializeVerdict(record.Message.Value)!;
            Assert.Equal(verdict.ListingId, Encoding.UTF8.GetString(record.Message.Key!));
            Assert.Equal(verdict.DictionaryVersion, Header(record.Message.Headers, "dictionary-version"));
            Assert.Equal(verdict.ScannerVersion, Header(record.Message.Headers, "scanner-version"));
            verdicts[verdict.ListingId] = verdict; // duplicates are allowed (at-least-once)
        }

        return verdicts;
    }

    internal static string? Header(Headers headers, string key) =>
        headers.TryGetLastBytes(key, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    internal static string Describe(List<(int Partition, long Committed, long End)> offsets) =>
        "committed vs end: " + string.Join("; ", offsets.Select(o => $"p{o.Partition} {o.Committed}/{o.End}"));
}
