using System.Text;

namespace ListingScanner.Engine.Tests.Scan;

/// <summary>Runs alone: it measures the process's allocations, which other tests running in parallel would inflate.</summary>
[CollectionDefinition(nameof(AllocationMeasuringTests), DisableParallelization = true)]
public sealed class AllocationMeasuringTests;

[Collection(nameof(AllocationMeasuringTests))]
public sealed class OversizeLineMemoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_100_MB_line_is_skipped_without_being_buffered()
    {
        const int HugeBytes = 100 * 1024 * 1024;
        string inputPath = _temp.File("huge.jsonl");
        using (var file = File.Create(inputPath))
        {
            file.Write("""{"listing_id":"before"}"""u8);
            file.Write("\n{\"listing_id\":\"huge\",\"description\":\""u8);
            var chunk = Encoding.UTF8.GetBytes(new string('a', 1 << 20));
            for (int i = 0; i < HugeBytes >> 20; i++)
            {
                file.Write(chunk);
            }

            file.Write("\"}\n{\"listing_id\":\"after\"}\n"u8);
        }

        string output = _temp.File("huge.verdicts.jsonl");
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var run = await ScanHarness.RunAsync(["--input", inputPath, "--output", output, "--workers", "2"], TestDictionaries.Minimal);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("line 2: oversize: line is 104857638 bytes", run.StderrLines[0], StringComparison.Ordinal);
        Assert.Equal(["before", "after"], ScanHarness.ListingIds(ScanHarness.ReadJsonLines(output)));

        // Buffering the line would allocate at least 100 MB; the pipeline's batches and one 1 MiB line buffer are
        // a few MB.
        Assert.True(allocated < 32L << 20, $"allocated {allocated / (1 << 20)} MB while scanning a file with a 100 MB line");
    }
}
