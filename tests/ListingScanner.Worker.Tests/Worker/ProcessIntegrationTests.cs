using System.Text;
using Confluent.Kafka;
using ListingScanner.Worker.Tests.Demo;
using ListingScanner.Worker.Tests.Kafka;
using Xunit.Abstractions;

namespace ListingScanner.Worker.Tests.Worker;

/// <summary>The real executable as operators run it: environment configuration, signals, crashes, kcat on the other end.</summary>
[Collection(KafkaCollection.Name)]
public sealed class ProcessIntegrationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scanner-proc-").FullName;

    private Dictionary<string, string> Environment(KafkaFixture kafka, string group = "listing-scanner") => new()
    {
        ["Kafka__BootstrapServers"] = kafka.Bootstrap,
        ["Kafka__GroupId"] = group,
        ["Kafka__Properties__session.timeout.ms"] = "6000",
        ["Kafka__Properties__heartbeat.interval.ms"] = "500",
        ["Topics__Audit"] = KafkaFixture.Audit,
        ["Dictionary__Path"] = DictionaryFile(),
        ["Http__Port"] = DemoRunnerTests.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Worker__CommitIntervalMs"] = "200",
        ["Worker__DrainTimeoutSeconds"] = "30",
    };

    private string DictionaryFile()
    {
        string path = Path.Combine(_dir, "terms.txt");
        File.WriteAllLines(path, ["# test terms", "象牙", "穿山甲"]);
        return path;
    }

    [Fact]
    public void Invalid_configuration_exits_2_naming_the_key_without_a_stack_trace()
    {
        using var kafka = new KafkaFixture();
        var env = Environment(kafka);
        env["Http__Port"] = "abc";
        using var scanner = new ScannerProcess(["run"], env);

        Assert.Equal(2, scanner.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("Http__Port: must be 1-65535, got 'abc'", scanner.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", scanner.Output, StringComparison.Ordinal);

        env["Http__Port"] = DemoRunnerTests.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["Kafka__Properties__no.such.property"] = "1";
        using var badProperty = new ScannerProcess(["run"], env);
        Assert.Equal(2, badProperty.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("Kafka__Properties: ", badProperty.Output, StringComparison.Ordinal);
        Assert.Contains("no.such.property", badProperty.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", badProperty.Output, StringComparison.Ordinal);

        env.Remove("Kafka__Properties__no.such.property");
        env.Remove("Kafka__BootstrapServers");
        using var noBrokers = new ScannerProcess([], env); // no subcommand means run
        Assert.Equal(2, noBrokers.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("Kafka__BootstrapServers: required", noBrokers.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Killed_mid_stream_and_restarted_loses_nothing_and_sigterm_drains_and_exits_0()
    {
        using var kafka = new KafkaFixture(brokers: 1, listingPartitions: 4);
        var produced = kafka.ProduceListings(8_000);
        var env = Environment(kafka);

        using (var first = new ScannerProcess(["run"], env))
        {
            // Kill it once it has published some verdicts but (very likely) not all of them.
            Assert.True(KafkaFixture.WaitUntil(() => kafka.CommittedVsEnd("listing-scanner").Exists(p => p.Committed > 0) || first.HasExited), first.Output);
            first.Kill();
            output.WriteLine("first run (killed):\n" + first.Output);
        }

        produced.AddRange(kafka.ProduceListings(2_000, start: 8_000));
        using var second = new ScannerProcess(["run"], env);
        var audit = PipelineIntegrationTests.Verdicts(kafka.ReadDistinctKeys(KafkaFixture.Audit, produced.Count));
        Assert.True(kafka.WaitForFullCommit("listing-scanner"), PipelineIntegrationTests.Describe(kafka.CommittedVsEnd("listing-scanner")) + "\n" + second.Output);

        second.Terminate();
        Assert.Equal(0, second.WaitForExit(TimeSpan.FromSeconds(90)));
        output.WriteLine("second run:\n" + second.Output);
        Assert.Empty(produced.Select(p => p.Id).Except(audit.Keys));
    }

    [Fact]
    public void Kcat_produces_listings_and_reads_the_verdicts()
    {
        using var kafka = new KafkaFixture(brokers: 1, listingPartitions: 2);
        string input = Path.Combine(_dir, "listings.txt");
        var lines = new List<string>();
        for (int n = 0; n < 30; n++)
        {
            var (id, json, _) = KafkaFixture.Listing(n, "K");
            lines.Add(id + "\t" + Encoding.UTF8.GetString(json));
        }

        File.WriteAllLines(input, lines);
        var produce = Kcat(["-b", kafka.Bootstrap, "-P", "-t", KafkaFixture.Listings, "-K", "\t", "-l", input]);
        Assert.True(produce.ExitCode == 0, produce.ToString());

        using var scanner = new ScannerProcess(["run"], Environment(kafka));
        Assert.True(kafka.WaitForFullCommit("listing-scanner"), scanner.Output);

        // kcat reads the verdicts back: key, the two headers, and the verdict JSON.
        var consume = Kcat(["-b", kafka.Bootstrap, "-C", "-t", KafkaFixture.Takedowns, "-e", "-q", "-f", "%k\t%h\t%s\n"]);
        var audit = Kcat(["-b", kafka.Bootstrap, "-C", "-t", KafkaFixture.Audit, "-e", "-q", "-f", "%k\n"]);
        scanner.Terminate();
        Assert.Equal(0, scanner.WaitForExit(TimeSpan.FromSeconds(90)));

        Assert.True(consume.ExitCode == 0, consume.ToString());
        var auditKeys = audit.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Equal(30, auditKeys.Count);
        var takedowns = consume.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(takedowns); // every third listing offers ivory: the engine flags them
        foreach (string line in takedowns)
        {
            var parts = line.Split('\t');
            Assert.StartsWith("K", parts[0], StringComparison.Ordinal);
            Assert.Contains("scanner-version=", parts[1], StringComparison.Ordinal);
            Assert.Contains("dictionary-version=", parts[1], StringComparison.Ordinal);
            Assert.Contains($"\"listing_id\":\"{parts[0]}\"", parts[2], StringComparison.Ordinal);
            Assert.Equal(0, int.Parse(parts[0][1..], System.Globalization.CultureInfo.InvariantCulture) % 3);
        }
    }

    private static KcatResult Kcat(IEnumerable<string> arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("kcat")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill();
            throw new TimeoutException("kcat did not finish: " + string.Join(' ', start.ArgumentList));
        }

        return new KcatResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private sealed record KcatResult(int ExitCode, string Output, string Error);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
