using System.Net;
using System.Net.Sockets;
using System.Text;
using ListingScanner.Commands;
using ListingScanner.Demo;
using ListingScanner.Worker;
using ListingScanner.Worker.Tests.Kafka;

namespace ListingScanner.Worker.Tests.Demo;

[Collection(KafkaCollection.Name)]
public class DemoRunnerTests(Xunit.Abstractions.ITestOutputHelper log)
{
    [Fact]
    public async Task Demo_runs_the_worker_over_tcp_prints_every_published_record_and_exits_when_done()
    {
        var output = new StringWriter();
        var listings = DemoCommand.SampleListings(TextWriter.Null);
        int port = FreePort();

        int code = await DemoRunner.RunAsync(new DemoSettings
        {
            HttpPort = port,
            ExitWhenDone = true,
            Dictionary = KafkaFixture.Dictionary(),
            Listings = listings,
            Builder = WorkerHost.CreateBuilder(),
            Output = output,
            DoneTimeout = KafkaFixture.Patience,
        }).WaitAsync(TimeSpan.FromMinutes(4));

        string text = output.ToString();
        log.WriteLine(text);
        Assert.True(code == 0, text);
        Assert.Contains($"metrics: http://localhost:{port}/metrics", text, StringComparison.Ordinal);
        Assert.Contains("done: ", text, StringComparison.Ordinal);

        // The broken sample line reached the dead-letter topic and was printed with its reason.
        Assert.Contains("DEAD-LETTER invalid_json", text, StringComparison.Ordinal);

        // One line per published record: every takedown/review line names a sample listing.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var line in lines.Where(l => l.StartsWith("TAKEDOWN", StringComparison.Ordinal) || l.StartsWith("REVIEW", StringComparison.Ordinal)))
        {
            Assert.Contains(listings, l => line.Contains(Encoding.UTF8.GetString(l).Split('"')[3], StringComparison.Ordinal));
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
