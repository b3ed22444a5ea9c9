using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ListingScanner.Engine.Matching;

namespace ListingScanner.Benchmarks.Matcher;

/// <summary>
/// Search throughput over <see cref="MatcherBenchmarkData"/> (5,000 terms, 64 MiB of UTF-8 text): our automaton in
/// both match kinds against .NET's <see cref="SearchValues{T}"/> of strings, which finds every match start by
/// repeated <c>IndexOfAny</c>. The setup checks that both find the same match starts before anything is timed.
/// </summary>
[Config(typeof(MatcherBenchmarkConfig))]
public class MatcherSearchBenchmarks
{
    private MatcherBenchmarkData _data = null!;
    private AhoCorasickAutomaton _automaton = null!;
    private SearchValues<string> _searchValues = null!;
    private readonly List<PatternMatch> _matches = new(1 << 20);

    [GlobalSetup]
    public void Setup()
    {
        _data = MatcherBenchmarkData.Generate();
        _automaton = AhoCorasickAutomaton.Build(_data.Terms);
        _searchValues = SearchValues.Create(_data.Terms, StringComparison.Ordinal);
        MatcherExpectations.Verify(_data, _automaton, _searchValues, Console.Out);
    }

    [Benchmark(Baseline = true)]
    public int AhoCorasick_FindAll()
    {
        _matches.Clear();
        _automaton.FindAll(_data.Text, _matches);
        return _matches.Count;
    }

    [Benchmark]
    public int AhoCorasick_FindLeftmostLongest()
    {
        _matches.Clear();
        _automaton.FindLeftmostLongest(_data.Text, _matches);
        return _matches.Count;
    }

    [Benchmark]
    public int SearchValues_AllMatchStarts() => MatcherExpectations.CountMatchStarts(_data.Text, _searchValues);
}

/// <summary>Build time: the 5,000-term benchmark dictionary and 100,000 synthetic terms.</summary>
[Config(typeof(MatcherBenchmarkConfig))]
public class MatcherBuildBenchmarks
{
    private string[] _dictionary = [];
    private string[] _hundredThousandTerms = [];

    [GlobalSetup]
    public void Setup()
    {
        _dictionary = MatcherBenchmarkData.Generate(textUtf8Bytes: 0).Terms;
        _hundredThousandTerms = MatcherBenchmarkData.SyntheticTerms(100_000);
        foreach (var (name, terms) in new[] { ("5,000 terms", _dictionary), ("100,000 terms", _hundredThousandTerms) })
        {
            var automaton = AhoCorasickAutomaton.Build(terms);
            Console.WriteLine(
                $"// {name}: {automaton.StateCount:N0} states, {automaton.ClassCount:N0} classes, {automaton.MemoryBytes:N0} bytes");
        }
    }

    [Benchmark]
    public int Build_5000_terms() => AhoCorasickAutomaton.Build(_dictionary).PatternCount;

    [Benchmark]
    public int Build_100000_terms() => AhoCorasickAutomaton.Build(_hundredThousandTerms).PatternCount;
}

/// <summary>
/// A short job (the machine is shared, so many long iterations buy little precision), a throughput column, and
/// allocation counts.
/// </summary>
public sealed class MatcherBenchmarkConfig : ManualConfig
{
    public MatcherBenchmarkConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7));
        AddColumn(new ThroughputColumn());
        AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
    }

    /// <summary>MB/s = UTF-8 bytes of the benchmark text (10^6 bytes per MB) / mean time; blank for build benchmarks.</summary>
    private sealed class ThroughputColumn : IColumn
    {
        public string Id => nameof(ThroughputColumn);
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "UTF-8 megabytes (10^6 bytes) of text searched per second";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            if (benchmarkCase.Descriptor.Type != typeof(MatcherSearchBenchmarks) || statistics is null)
            {
                return "-";
            }

            double seconds = statistics.Mean / 1e9;
            return $"{MatcherBenchmarkData.DefaultTextUtf8Bytes / 1e6 / seconds:N0}";
        }
    }
}
