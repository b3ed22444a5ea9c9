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

        // Interleaved rounds, best of each: on a shared machine the load changes by the second, and interleaving
        // at least exposes the competitors to the same conditions.
        var matches = new List<PatternMatch>(1 << 20);
        var competitors = new (string Name, Func<int> Search)[]
        {
            ("FindAll", () => { matches.Clear(); automaton.FindAll(data.Text, matches); return matches.Count; }),
            ("FindLeftmostLongest", () => { matches.Clear(); automaton.FindLeftmostLongest(data.Text, matches); return matches.Count; }),
            ("SearchValues starts", () => MatcherExpectations.CountMatchStarts(data.Text, searchValues)),
        };
        var bestWall = new double[competitors.Length];
        var bestCpu = new double[competitors.Length];
        var counts = new int[competitors.Length];
        Array.Fill(bestWall, double.MaxValue);
        Array.Fill(bestCpu, double.MaxValue);
        for (int round = 0; round < repeat; round++)
        {
            for (int i = 0; i < competitors.Length; i++)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                counts[i] = competitors[i].Search();
                bestWall[i] = Math.Min(bestWall[i], watch.Elapsed.TotalSeconds);
                bestCpu[i] = Math.Min(bestCpu[i], (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
            }
        }

        for (int i = 0; i < competitors.Length; i++)
        {
            Console.WriteLine(
                $"{competitors[i].Name,-22} {counts[i],10:N0} matches  best {bestWall[i] * 1000,8:N1} ms wall {bytes / 1e6 / bestWall[i],6:N0} MB/s;"
                + $" {bestCpu[i] * 1000,8:N1} ms CPU {bytes / 1e6 / bestCpu[i],6:N0} MB/s");
        }

        Console.WriteLine($"FindAll vs SearchValues: {bestWall[2] / bestWall[0]:N1}x (wall), {bestCpu[2] / bestCpu[0]:N1}x (CPU)");

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

    private static string? OptionValue(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
