using System.CommandLine;
using System.Text;
using ListingScanner.Demo;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Worker;

namespace ListingScanner.Commands;

/// <summary><c>listing-scanner demo</c>: the worker end to end against an embedded Kafka-protocol cluster.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var httpPort = new Option<int>("--http-port")
        {
            Description = "Port for /metrics, /healthz, /readyz and POST /v1/scan.",
            DefaultValueFactory = _ => 9464,
        };
        var exitWhenDone = new Option<bool>("--exit-when-done")
        {
            Description = "Exit 0 once every sample listing has been scanned, committed and its verdict printed.",
        };
        var command = new Command(
            "demo",
            "Run the real worker against an embedded Kafka cluster on loopback: produce the bundled sample listings and print "
            + "the takedown/review verdicts as they arrive. No brokers needed.")
        {
            httpPort,
            exitWhenDone,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            int port = parseResult.GetValue(httpPort);
            if (port is < 1 or > 65535)
            {
                await Console.Error.WriteLineAsync($"listing-scanner demo: --http-port: must be 1-65535, got '{port}'").ConfigureAwait(false);
                return RunCommand.ConfigurationError;
            }

            var builder = WorkerHost.CreateBuilder();
            WildlifeDictionary dictionary;
            try
            {
                var options = WorkerOptionsReader.Read(builder.Configuration, requireBootstrap: false);
                dictionary = RunCommand.LoadDictionary(options.DictionaryPath);
            }
            catch (ConfigurationException ex)
            {
                await Console.Error.WriteLineAsync("listing-scanner demo: " + ex.Message).ConfigureAwait(false);
                return RunCommand.ConfigurationError;
            }

            return await DemoRunner.RunAsync(
                new DemoSettings
                {
                    HttpPort = port,
                    ExitWhenDone = parseResult.GetValue(exitWhenDone),
                    Dictionary = dictionary,
                    DictionaryLoad = DictionaryLoader.Load,
                    Listings = SampleListings(Console.Out),
                    Builder = builder,
                },
                cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The bundled sample listings, one JSON document per line; a few built-in ones if the file is missing.</summary>
    internal static IReadOnlyList<byte[]> SampleListings(TextWriter output)
    {
        string path = DefaultPaths.SampleListings;
        if (File.Exists(path))
        {
            var listings = new List<byte[]>();
            foreach (string line in File.ReadLines(path))
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    listings.Add(Encoding.UTF8.GetBytes(line.Trim()));
                }
            }

            return listings;
        }

        output.WriteLine($"note: {path} not found; using {BuiltInListings.Length} built-in demo listings");
        return Array.ConvertAll(BuiltInListings, Encoding.UTF8.GetBytes);
    }

    private static readonly string[] BuiltInListings =
    [
        """{"listing_id":"demo-001","title":"出售 象牙手镯 老料 包邮","description":"正品象牙，微信联系","platform":"demo"}""",
        """{"listing_id":"demo-002","title":"穿山甲片 现货","description":"中药材 穿山甲 鳞片 量大从优","platform":"demo"}""",
        """{"listing_id":"demo-003","title":"Rhino horn cup, genuine, discreet shipping","description":"WhatsApp for price","platform":"demo"}""",
        """{"listing_id":"demo-004","title":"象牙塔里的青春 二手书","description":"小说，九成新","platform":"demo"}""",
        """{"listing_id":"demo-005","title":"Tiger balm 30g","description":"pain relief ointment","platform":"demo"}""",
        """{"listing_id":"demo-006","title":"警方查获走私象牙","description":"新闻：海关打击野生动物走私","platform":"demo"}""",
        """{"listing_id":"demo-007","title":"Vintage ceramic teapot","description":"good condition","platform":"demo"}""",
        """{"listing_id":"demo-008","title": "broken json""",
    ];
}
