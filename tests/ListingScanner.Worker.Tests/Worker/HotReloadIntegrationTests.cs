using ListingScanner.Engine.Dictionary;
using ListingScanner.Worker.Tests.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace ListingScanner.Worker.Tests.Worker;

/// <summary>A dictionary change reaches verdicts of the running worker without stopping consumption.</summary>
[Collection(KafkaCollection.Name)]
public sealed class HotReloadIntegrationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hot-reload-").FullName;

    [Fact]
    public async Task Verdicts_switch_to_the_new_dictionary_version_and_a_broken_file_changes_nothing()
    {
        using var kafka = new KafkaFixture(brokers: 1, listingPartitions: 2);
        string path = Path.Combine(_dir, "terms.txt");
        File.WriteAllLines(path, ["象牙"]);
        var first = DictionaryLoader.Load(path);
        var options = kafka.Options() with { AuditTopic = KafkaFixture.Audit, DictionaryPath = path };
        await using var worker = new RunningWorker(options, first, TestOutputLogger.Factory(output));
        using var reloader = new DictionaryReloader(path, TimeSpan.FromSeconds(1), DictionaryLoader.Load, worker.Engines, worker.Metrics, NullLogger<DictionaryReloader>.Instance);
        await reloader.StartAsync(CancellationToken.None);

        var before = kafka.ProduceListings(300, "A");
        Assert.True(kafka.WaitForFullCommit(options.GroupId));

        File.WriteAllLines(path, ["象牙", "teapot"]);
        Assert.True(KafkaFixture.WaitUntil(() => worker.Engines.Current!.DictionaryVersion != first.Version, TimeSpan.FromSeconds(60)));
        string second = worker.Engines.Current!.DictionaryVersion;
        File.WriteAllText(path, "\"unterminated\n\"twice\"\n\"twice\"\n"); // duplicate term: rejected
        File.WriteAllLines(path, ["象牙", "teapot", "teapot"]);
        var after = kafka.ProduceListings(300, "B");

        var audit = PipelineIntegrationTests.Verdicts(kafka.ReadDistinctKeys(KafkaFixture.Audit, before.Count + after.Count));
        Assert.True(kafka.WaitForFullCommit(options.GroupId));
        await reloader.StopAsync(CancellationToken.None);
        Assert.Equal(0, await worker.StopAsync());

        Assert.All(before, l => Assert.Equal(first.Version, audit[l.Id].DictionaryVersion));
        Assert.All(after, l => Assert.Equal(second, audit[l.Id].DictionaryVersion));
        // The new term is in use: the teapot listings now match.
        Assert.All(after.Where(l => !l.Flagged), l => Assert.NotEmpty(audit[l.Id].Matches));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
