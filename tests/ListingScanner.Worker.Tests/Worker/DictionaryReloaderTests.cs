using System.Diagnostics.Metrics;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scanning;
using ListingScanner.Telemetry;
using ListingScanner.Worker.Tests.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace ListingScanner.Worker.Tests.Worker;

public sealed class DictionaryReloaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dict-reload-").FullName;
    private readonly ScannerMetrics _metrics = new();
    private readonly MeterListener _listener = new();
    private int _successes;
    private int _failures;

    public DictionaryReloaderTests()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "listing_scanner_dictionary_reloads")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "result")
                {
                    Interlocked.Increment(ref (string?)tag.Value == "success" ? ref _successes : ref _failures);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>
    /// A stand-in file format for these tests (the first line is the version, then one term per line; "BROKEN" makes
    /// it invalid), so the reload mechanics are tested independently of the YAML loader.
    /// </summary>
    private static WildlifeDictionary Load(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines.Contains("BROKEN"))
        {
            throw new DictionaryLoadException($"{path}: line 2: not a dictionary");
        }

        return new WildlifeDictionary
        {
            Version = lines[0],
            Entries = [new DictionaryEntry { Id = "e", Kind = EntryKind.Product, Terms = lines.Skip(1).Select(t => new DictionaryTerm(t, "en", "test")).ToList() }],
        };
    }

    [Fact]
    public async Task A_changed_file_is_swapped_in_and_a_broken_one_rejected_while_the_old_keeps_serving()
    {
        string path = Path.Combine(_dir, "wildlife.txt");
        File.WriteAllLines(path, ["v1", "ivory"]);
        var holder = new ScanEngineHolder(ScanEngine.Create(Load(path)));
        using var reloader = new DictionaryReloader(path, TimeSpan.FromSeconds(1), Load, holder, _metrics, NullLogger<DictionaryReloader>.Instance);
        await reloader.StartAsync(CancellationToken.None);

        File.WriteAllLines(path, ["v2", "ivory", "rhino horn"]);
        Assert.True(KafkaFixture.WaitUntil(() => holder.Current!.DictionaryVersion == "v2", TimeSpan.FromSeconds(30)));
        Assert.Equal(1, _successes);

        File.WriteAllLines(path, ["v3", "BROKEN"]);
        Assert.True(KafkaFixture.WaitUntil(() => Volatile.Read(ref _failures) == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal("v2", holder.Current!.DictionaryVersion);

        File.WriteAllLines(path, ["v4", "pangolin scales"]);
        Assert.True(KafkaFixture.WaitUntil(() => holder.Current!.DictionaryVersion == "v4", TimeSpan.FromSeconds(30)));
        await reloader.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_configmap_style_symlink_swap_is_picked_up()
    {
        // Kubernetes mounts a ConfigMap as name -> ..data/name, ..data -> ..<timestamp>/, and updates it by
        // atomically renaming a new ..data symlink over the old one.
        Directory.CreateDirectory(Path.Combine(_dir, "..ts1"));
        Directory.CreateDirectory(Path.Combine(_dir, "..ts2"));
        File.WriteAllLines(Path.Combine(_dir, "..ts1", "wildlife.txt"), ["cm1", "ivory"]);
        File.WriteAllLines(Path.Combine(_dir, "..ts2", "wildlife.txt"), ["cm2", "ivory"]);
        File.CreateSymbolicLink(Path.Combine(_dir, "..data"), "..ts1");
        string path = Path.Combine(_dir, "wildlife.txt");
        File.CreateSymbolicLink(path, Path.Combine("..data", "wildlife.txt"));

        var holder = new ScanEngineHolder(ScanEngine.Create(Load(path)));
        Assert.Equal("cm1", holder.Current!.DictionaryVersion);
        using var reloader = new DictionaryReloader(path, TimeSpan.FromSeconds(1), Load, holder, _metrics, NullLogger<DictionaryReloader>.Instance);
        await reloader.StartAsync(CancellationToken.None);

        File.CreateSymbolicLink(Path.Combine(_dir, "..data_tmp"), "..ts2");
        // An atomic rename(2) over the old link, as kubelet does.
        using (var mv = System.Diagnostics.Process.Start("mv", ["-T", Path.Combine(_dir, "..data_tmp"), Path.Combine(_dir, "..data")]))
        {
            mv.WaitForExit();
            Assert.Equal(0, mv.ExitCode);
        }

        Assert.True(KafkaFixture.WaitUntil(() => holder.Current!.DictionaryVersion == "cm2", TimeSpan.FromSeconds(30)));
        await reloader.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void An_unchanged_file_is_not_reloaded()
    {
        string path = Path.Combine(_dir, "same.txt");
        File.WriteAllLines(path, ["s1", "ivory"]);
        var holder = new ScanEngineHolder(ScanEngine.Create(Load(path)));
        var before = holder.Current;
        using var reloader = new DictionaryReloader(path, TimeSpan.FromSeconds(1), Load, holder, _metrics, NullLogger<DictionaryReloader>.Instance);

        Assert.False(reloader.ReloadIfChanged());
        Assert.Same(before, holder.Current);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
