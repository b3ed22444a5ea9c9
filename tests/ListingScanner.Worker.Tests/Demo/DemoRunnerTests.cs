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
        // The bundled samples plus one broken line, which must reach the dead-letter topic and be printed.
        var listings = DemoCommand.SampleListings(TextWriter.Null).Append("{\"listing_id\": \"broken"u8.ToArray()).ToList();
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

        // One line per published record: every takedown/review line names a sample listing; the samples offer ivory.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("TAKEDOWN", StringComparison.Ordinal));
        foreach (var line in lines.Where(l => l.StartsWith("TAKEDOWN", StringComparison.Ordinal) || l.StartsWith("REVIEW", StringComparison.Ordinal)))
        {
            string id = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
            Assert.Contains(listings, l => Encoding.UTF8.GetString(l).Contains($"\"listing_id\":\"{id}\"", StringComparison.Ordinal));
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
