using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scanning;
using ListingScanner.Kafka;
using ListingScanner.Telemetry;
using ListingScanner.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace ListingScanner.Benchmarks.Worker;

/// <summary>
/// <c>worker-throughput</c>: the whole worker against librdkafka's mock cluster over loopback TCP, compared in the same
/// run with a bare Confluent.Kafka consume-then-produce pass-through on the same ~300-byte listings; then p99
/// consume-to-verdict latency at half the measured worker throughput, with RSS sampled along the way.
/// </summary>
/// <remarks>
/// The mock cluster keeps about 5 MiB per partition, so the backlog is spread over many partitions (16 x 16,000
/// messages of ~300 bytes) and each scenario reads its own copy of the topic. <c>--rate N</c> sets the latency phase's
/// input rate instead of half the measured median (with <c>--rounds 0</c>: a soak run, e.g. <c>--rounds 0 --rate 80000
/// --latency-seconds 600</c> for resident memory at full speed over ten minutes).
/// </remarks>
internal static class WorkerThroughputCommand
{
    private const int Partitions = 16;

    public static int Run(string[] args)
    {
        int perPartition = IntArg(args, "--per-partition", 16_000);
        int rounds = IntArg(args, "--rounds", 3);
        int latencySeconds = IntArg(args, "--latency-seconds", 60);
        int rateArg = IntArg(args, "--rate", 0);
        if (rounds == 0 && rateArg <= 0)
        {
            Console.Error.WriteLine("worker-throughput: --rounds 0 needs --rate N (listings/s for the latency phase)");
            return 2;
        }

        bool audit = args.Contains("--audit");
        int total = perPartition * Partitions;

        // The mock brokers run in a child process so that RSS and GC numbers are the worker's alone.
        using var cluster = new BrokerProcess();
        var dictionary = LoadDictionary();
        Console.WriteLine($"worker-throughput: {Environment.ProcessorCount} cores, {total:N0} listings per scenario over {Partitions} partitions, "
            + $"dictionary {dictionary.Version} ({dictionary.Entries.Count} entries), audit topic {(audit ? "on" : "off")}");

        var messages = Listings(total);
        Console.WriteLine($"average listing size: {messages.Average(m => m.Value!.Length):F0} bytes");
        CpuPerListing(messages, dictionary);

        var bare = new List<double>();
        var worker = new List<double>();
        for (int round = 1; round <= rounds; round++)
        {
            string bareTopic = $"bare-in-{round}";
            string workerTopic = $"worker-in-{round}";
            cluster.CreateTopic(bareTopic, Partitions);
            cluster.CreateTopic(workerTopic, Partitions);
            cluster.CreateTopic($"bare-out-{round}", Partitions);
            Fill(cluster.BootstrapServers, bareTopic, messages);
            Fill(cluster.BootstrapServers, workerTopic, messages);

            double b = BarePassThrough(cluster.BootstrapServers, bareTopic, $"bare-out-{round}", total);
            double w = WholeWorker(cluster, workerTopic, $"r{round}", total, dictionary, audit);
            bare.Add(b);
            worker.Add(w);
            Console.WriteLine($"round {round}: bare pass-through {b:N0} msg/s, worker end to end {w:N0} msg/s ({w / b:P0})");
        }

        int rate = rateArg;
        if (rounds > 0)
        {
            double bareMedian = Median(bare);
            double workerMedian = Median(worker);
            Console.WriteLine($"median: bare {bareMedian:N0} msg/s, worker {workerMedian:N0} msg/s, ratio {workerMedian / bareMedian:P0} (target >= 80%)");
            rate = rate > 0 ? rate : (int)(workerMedian / 2);
        }

        // The throughput rounds leave hundreds of megabytes of backlog copies and consumed messages on the heap. A worker
        // in production carries none of that, so collect it before the latency phase rather than let the first gen2
        // collections of a 600 MiB heap show up as latency.
        messages.Clear();
        messages.TrimExcess();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        Latency(cluster, dictionary, audit, rate, TimeSpan.FromSeconds(latencySeconds));
        return 0;
    }

    /// <summary>The CPU stage alone on one thread (parse, scan, serialize), to show what the pipeline around it costs.</summary>
    private static void CpuPerListing(List<Message<byte[]?, byte[]?>> messages, WildlifeDictionary dictionary)
    {
        var engine = ScanEngine.Create(dictionary);
        for (int pass = 0; pass < 2; pass++)
        {
            var clock = Stopwatch.StartNew();
            long bytes = 0;
            foreach (var m in messages)
            {
                if (ListingParser.TryParse(m.Value, out var listing, out _))
                {
                    var verdict = engine.Scan(listing!);
                    bytes += ContractJson.SerializeVerdict(verdict).Length;
                }
            }

            if (pass == 1)
            {
                var parsed = new List<ListingEvent>(messages.Count);
                var parseClock = Stopwatch.StartNew();
                foreach (var m in messages)
                {
                    if (ListingParser.TryParse(m.Value, out var listing, out _))
                    {
                        parsed.Add(listing!);
                    }
                }

                double parseUs = parseClock.Elapsed.TotalMicroseconds / messages.Count;
                var verdicts = new List<Verdict>(parsed.Count);
                var scanClock = Stopwatch.StartNew();
                foreach (var listing in parsed)
                {
                    verdicts.Add(engine.Scan(listing));
                }

                double scanUs = scanClock.Elapsed.TotalMicroseconds / messages.Count;
                var serializeClock = Stopwatch.StartNew();
                foreach (var verdict in verdicts)
                {
                    ContractJson.SerializeVerdict(verdict);
                }

                double serializeUs = serializeClock.Elapsed.TotalMicroseconds / messages.Count;
                Console.WriteLine($"  parse {parseUs:F1} us, scan {scanUs:F1} us, serialize verdict {serializeUs:F1} us");
                Console.WriteLine($"CPU stage alone, one thread: {messages.Count / clock.Elapsed.TotalSeconds:N0} listings/s ({clock.Elapsed.TotalMicroseconds / messages.Count:F1} us each; {bytes / messages.Count} verdict bytes avg)");
            }
        }
    }

    private static WildlifeDictionary LoadDictionary()
    {
        if (File.Exists(DefaultPaths.Dictionary))
        {
            return DictionaryLoader.Load(DefaultPaths.Dictionary);
        }

        Console.WriteLine($"note: {DefaultPaths.Dictionary} not found; using a small inline dictionary");
        return new WildlifeDictionary
        {
            Version = "bench-inline",
            Entries =
            [
                new DictionaryEntry { Id = "ivory", Kind = EntryKind.Product, Terms = [new DictionaryTerm("象牙", "zh-Hans", "bench"), new DictionaryTerm("ivory", "en", "bench")] },
                new DictionaryEntry { Id = "pangolin", Kind = EntryKind.Species, Terms = [new DictionaryTerm("穿山甲", "zh-Hans", "bench")] },
                new DictionaryEntry { Id = "rhino-horn", Kind = EntryKind.Product, Terms = [new DictionaryTerm("犀牛角", "zh-Hans", "bench"), new DictionaryTerm("rhino horn", "en", "bench")] },
                new DictionaryEntry { Id = "sale", Kind = EntryKind.TradeSignal, Terms = [new DictionaryTerm("出售", "zh-Hans", "bench"), new DictionaryTerm("包邮", "zh-Hans", "bench")] },
            ],
        };
    }

    /// <summary>~300-byte listings; one in five offers ivory or pangolin, the rest are ordinary goods.</summary>
    private static List<Message<byte[]?, byte[]?>> Listings(int count)
    {
        string[] flagged = ["出售 象牙 手镯 老料 包邮 微信联系", "穿山甲片 现货 量大从优 出售", "Genuine ivory carving for sale, discreet shipping"];
        string[] normal = ["Vintage ceramic teapot, good condition", "二手 山地自行车 九成新 同城自提", "Handmade wooden chopsticks set of ten"];
        var list = new List<Message<byte[]?, byte[]?>>(count);
        for (int n = 0; n < count; n++)
        {
            string id = "B" + n.ToString("D8", CultureInfo.InvariantCulture);
            string title = n % 5 == 0 ? flagged[n % 3] : normal[n % 3];
            var json = ContractJson.SerializeListing(new ListingEvent
            {
                ListingId = id,
                Title = title,
                Description = "Item " + n.ToString(CultureInfo.InvariantCulture) + " 详情请私信 message me for details, price negotiable.",
                Platform = "bench-market",
                SellerId = "seller-" + (n % 997).ToString(CultureInfo.InvariantCulture),
                Url = "https://market.example.com/item/" + n.ToString(CultureInfo.InvariantCulture),
            });
            list.Add(new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(id), Value = json });
        }

        return list;
    }

    private static void Fill(string bootstrap, string topic, List<Message<byte[]?, byte[]?>> messages)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 20,
            BatchNumMessages = 10_000,
            QueueBufferingMaxMessages = 1_000_000,
            DeliveryReportFields = "status",
        }).Build();
        for (int i = 0; i < messages.Count; i++)
        {
            // Round-robin partitions so each gets the same share (and stays under the mock's 5 MiB).
            producer.Produce(new TopicPartition(topic, i % Partitions), messages[i]);
        }

        producer.Flush(TimeSpan.FromMinutes(2));
    }

    /// <summary>The reference: consume each message and produce it unchanged, nothing else; msg/s until all delivered.</summary>
    private static double BarePassThrough(string bootstrap, string input, string output, int total)
    {
        var options = new WorkerOptions { BootstrapServers = bootstrap, GroupId = "bare-" + input };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaClients.ConsumerConfig(options)).Build();
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(KafkaClients.ProducerConfig(options)).Build();
        consumer.Subscribe(input);
        long delivered = 0;
        Action<DeliveryReport<byte[]?, byte[]?>> onDelivery = _ => Interlocked.Increment(ref delivered);
        int consumed = 0;
        Stopwatch? clock = null;
        while (consumed < total)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r is null)
            {
                continue;
            }

            clock ??= Stopwatch.StartNew();
            consumed++;
            while (true)
            {
                try
                {
                    producer.Produce(output, r.Message, onDelivery);
                    break;
                }
                catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    Thread.Sleep(1);
                }
            }
        }

        producer.Flush(TimeSpan.FromMinutes(1));
        double seconds = clock!.Elapsed.TotalSeconds;
        consumer.Close();
        return total / seconds;
    }

    /// <summary>The real pipeline (consume, scan, publish, commit): msg/s from the first consume to all offsets committed.</summary>
    private static double WholeWorker(BrokerProcess cluster, string input, string name, int total, WildlifeDictionary dictionary, bool audit)
    {
        string takedowns = "takedowns-" + name;
        cluster.CreateTopic(takedowns, Partitions);
        cluster.CreateTopic("dlq-" + name, 1);
        if (audit)
        {
            cluster.CreateTopic("audit-" + name, Partitions);
        }

        var options = new WorkerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "worker-" + name,
            ListingsTopic = input,
            TakedownsTopic = takedowns,
            DeadLetterTopic = "dlq-" + name,
            AuditTopic = audit ? "audit-" + name : null,
            CommitIntervalMs = 100,
        };
        using var metrics = new ScannerMetrics();
        long firstConsumed = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "listing_scanner_listings_consumed")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) =>
        {
            if (Volatile.Read(ref firstConsumed) == 0)
            {
                Interlocked.CompareExchange(ref firstConsumed, Stopwatch.GetTimestamp(), 0);
            }
        });
        listener.Start();

        var pipeline = new ListingPipeline(options, new ScanEngineHolder(ScanEngine.Create(dictionary)), metrics, new ReadinessState(), NullLogger<ListingPipeline>.Instance);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => pipeline.RunAsync(stop.Token));

        using var groupView = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = options.GroupId }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(input, p)).ToList();
        long done;
        while (true)
        {
            Thread.Sleep(50);
            long now = Stopwatch.GetTimestamp();
            long committed = groupView.Committed(partitions, TimeSpan.FromSeconds(10)).Sum(c => Math.Max(0, c.Offset.Value));
            if (committed >= total)
            {
                done = now;
                break;
            }
        }

        stop.Cancel();
        run.GetAwaiter().GetResult();
        return total / Stopwatch.GetElapsedTime(firstConsumed, done).TotalSeconds;
    }

    /// <summary>Feeds listings at a fixed rate for a while; reports p50/p99 consume-to-acknowledged latency and RSS.</summary>
    private static void Latency(BrokerProcess cluster, WildlifeDictionary dictionary, bool audit, int rate, TimeSpan duration)
    {
        const string input = "latency-in";
        cluster.CreateTopic(input, Partitions);
        cluster.CreateTopic("takedowns-latency", Partitions);
        cluster.CreateTopic("dlq-latency", 1);
        cluster.CreateTopic("audit-latency", Partitions);
        var options = new WorkerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "worker-latency",
            ListingsTopic = input,
            TakedownsTopic = "takedowns-latency",
            DeadLetterTopic = "dlq-latency",
            AuditTopic = audit ? "audit-latency" : null,
        };

        using var metrics = new ScannerMetrics();
        var samples = new List<double>(rate * (int)duration.TotalSeconds + 1000);
        bool measuring = false;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "listing_scanner_verdict_latency_seconds")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            if (Volatile.Read(ref measuring))
            {
                lock (samples)
                {
                    samples.Add(value);
                }
            }
        });
        listener.Start();

        var pipeline = new ListingPipeline(options, new ScanEngineHolder(ScanEngine.Create(dictionary)), metrics, new ReadinessState(), NullLogger<ListingPipeline>.Instance);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => pipeline.RunAsync(stop.Token));

        var messages = Listings(50_000);
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, LingerMs = 1, DeliveryReportFields = "status", QueueBufferingMaxMessages = 1_000_000 }).Build();
        Console.WriteLine($"latency: producing {rate:N0} listings/s for {duration.TotalSeconds:F0} s");
        var clock = Stopwatch.StartNew();
        var warmup = TimeSpan.FromSeconds(5);
        long sent = 0;
        var nextRss = TimeSpan.Zero;
        var rss = new List<string>();
        while (clock.Elapsed < duration + warmup)
        {
            if (!measuring && clock.Elapsed >= warmup)
            {
                Volatile.Write(ref measuring, true);
            }

            long due = (long)(clock.Elapsed.TotalSeconds * rate);
            for (; sent < due; sent++)
            {
                try
                {
                    producer.Produce(input, messages[(int)(sent % messages.Count)]);
                }
                catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    break; // the load generator fell behind; the achieved rate is reported
                }
            }

            if (clock.Elapsed >= nextRss)
            {
                // No forced GC here: a blocking collection would show up as latency.
                using var self = Process.GetCurrentProcess();
                rss.Add($"{clock.Elapsed.TotalSeconds:F0}s {self.WorkingSet64 / (1024 * 1024)} MiB (GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / (1024 * 1024)} MiB)");
                nextRss += TimeSpan.FromSeconds(10);
            }

            Thread.Sleep(1);
        }

        double achieved = sent / clock.Elapsed.TotalSeconds;
        producer.Flush(TimeSpan.FromSeconds(30));
        Thread.Sleep(2000);
        Console.WriteLine($"latency: achieved input rate {achieved:N0} listings/s");
        Volatile.Write(ref measuring, false);
        stop.Cancel();
        run.GetAwaiter().GetResult();

        double[] sorted;
        lock (samples)
        {
            sorted = [.. samples];
        }

        Array.Sort(sorted);
        Console.WriteLine($"latency (consume -> verdict acknowledged, {(audit ? "every verdict" : "takedown/review verdicts")}): {sorted.Length:N0} verdicts, p50 {Percentile(sorted, 0.50) * 1000:F1} ms, p99 {Percentile(sorted, 0.99) * 1000:F1} ms, "
            + $"max {(sorted.Length > 0 ? sorted[^1] * 1000 : 0):F1} ms (target p99 < 50 ms)");
        Console.WriteLine("worker process RSS every 10 s (brokers run in another process): " + string.Join(", ", rss));
    }

    /// <summary><c>mock-broker</c>: hosts the mock cluster; prints its bootstrap servers, then creates topics named on stdin.</summary>
    public static int RunBroker()
    {
        using var cluster = new MockKafkaCluster(brokers: 1);
        Console.WriteLine(cluster.BootstrapServers);
        string? line;
        while ((line = Console.ReadLine()) is not null)
        {
            var parts = line.Split(' ');
            cluster.CreateTopic(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture));
            Console.WriteLine("ok");
        }

        return 0;
    }

    /// <summary>The benchmark's end of <see cref="RunBroker"/>.</summary>
    private sealed class BrokerProcess : IDisposable
    {
        private readonly Process _process;

        public BrokerProcess()
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(typeof(WorkerThroughputCommand).Assembly.Location);
            start.ArgumentList.Add("mock-broker");
            _process = Process.Start(start)!;
            BootstrapServers = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("mock broker did not start");
        }

        public string BootstrapServers { get; }

        public void CreateTopic(string topic, int partitions)
        {
            _process.StandardInput.WriteLine($"{topic} {partitions}");
            _process.StandardInput.Flush();
            _ = _process.StandardOutput.ReadLine();
        }

        public void Dispose()
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
