using System.Buffers;
using System.Diagnostics;
using System.Text;
using ListingScanner.Engine.Matching;

namespace ListingScanner.Benchmarks.Matcher;

/// <summary>Command-line entry points that are not BenchmarkDotNet suites.</summary>
internal static class MatcherCommands
{
    /// <summary>
    /// <c>generate --out DIR [--bytes N]</c>: writes terms.txt (one term per line) and text.txt (UTF-8, no BOM) for
    /// whole-command comparisons such as <c>grep -F -f terms.txt text.txt</c>.
    /// </summary>
    public static int Generate(string[] args)
    {
        string? directory = OptionValue(args, "--out");
        if (directory is null)
        {
            Console.Error.WriteLine("usage: generate --out DIR [--bytes N]");
            return 2;
        }

        int bytes = int.Parse(OptionValue(args, "--bytes") ?? MatcherBenchmarkData.DefaultTextUtf8Bytes.ToString());
        var data = MatcherBenchmarkData.Generate(textUtf8Bytes: bytes);
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        File.WriteAllLines(Path.Combine(directory, "terms.txt"), data.Terms, utf8);
        File.WriteAllText(Path.Combine(directory, "text.txt"), data.Text, utf8);
        Console.WriteLine($"wrote {data.Terms.Length:N0} terms and {bytes:N0} bytes of text to {directory}");
        return 0;
    }

    /// <summary>
    /// <c>matcher-quick [--bytes N] [--repeat R]</c>: a Stopwatch measurement for fast iteration (no BenchmarkDotNet,
    /// no statistics): counts, table size, best-of-R throughput, build times. Numbers for the record come from the
    /// BenchmarkDotNet suites.
    /// </summary>
    public static int Quick(string[] args)
    {
        int bytes = int.Parse(OptionValue(args, "--bytes") ?? MatcherBenchmarkData.DefaultTextUtf8Bytes.ToString());
        int repeat = int.Parse(OptionValue(args, "--repeat") ?? "5");
        var stopwatch = Stopwatch.StartNew();
        var data = MatcherBenchmarkData.Generate(textUtf8Bytes: bytes);
        Console.WriteLine($"generated in {stopwatch.ElapsedMilliseconds} ms: {data.Terms.Length:N0} terms, {data.Text.Length:N0} chars, {bytes:N0} UTF-8 bytes");

        var automaton = AhoCorasickAutomaton.Build(data.Terms);
        var searchValues = SearchValues.Create(data.Terms, StringComparison.Ordinal);
        Console.WriteLine($"automaton: {automaton.StateCount:N0} states, {automaton.ClassCount:N0} classes, {automaton.MemoryBytes:N0} bytes");

        var matches = new List<PatternMatch>(1 << 20);
        Report("FindAll", bytes, repeat, () => { matches.Clear(); automaton.FindAll(data.Text, matches); return matches.Count; });
        Report("FindLeftmostLongest", bytes, repeat, () => { matches.Clear(); automaton.FindLeftmostLongest(data.Text, matches); return matches.Count; });
        Report("SearchValues starts", bytes, 1, () => MatcherExpectations.CountMatchStarts(data.Text, searchValues));

        string[] hundredThousand = MatcherBenchmarkData.SyntheticTerms(100_000);
        for (int round = 0; round < 3; round++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            stopwatch.Restart();
            var big = AhoCorasickAutomaton.Build(hundredThousand);
            long buildMs = stopwatch.ElapsedMilliseconds;
            double buildCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            stopwatch.Restart();
            AhoCorasickAutomaton.Build(data.Terms);
            Console.WriteLine($"build: 100,000 terms {buildMs} ms wall, {buildCpuMs:N0} ms process CPU ({big.StateCount:N0} states, {big.ClassCount:N0} classes, {big.MemoryBytes:N0} bytes); 5,000 terms {stopwatch.ElapsedMilliseconds} ms");
        }

        MatcherExpectations.Verify(data, automaton, searchValues, Console.Out);
        return 0;
    }

    private static void Report(string name, int bytes, int repeat, Func<int> search)
    {
        // Wall time and process CPU time: on a shared machine the second is the less distorted of the two.
        double bestSeconds = double.MaxValue;
        double bestCpuSeconds = double.MaxValue;
        int count = 0;
        for (int i = 0; i < repeat; i++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            count = search();
            bestSeconds = Math.Min(bestSeconds, stopwatch.Elapsed.TotalSeconds);
            bestCpuSeconds = Math.Min(bestCpuSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
        }

        Console.WriteLine(
            $"{name,-22} {count,10:N0} matches  best {bestSeconds * 1000,8:N1} ms wall {bytes / 1e6 / bestSeconds,8:N0} MB/s;"
            + $" {bestCpuSeconds * 1000,8:N1} ms CPU {bytes / 1e6 / bestCpuSeconds,8:N0} MB/s");
    }

    private static string? OptionValue(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
