using System.Buffers;
using ListingScanner.Engine.Matching;

namespace ListingScanner.Benchmarks.Matcher;

/// <summary>
/// The expected results on the default benchmark data, and the check that every competitor finds them.
/// If the generator or the dictionary changes, these numbers change: update them and benchmarks/README.md together.
/// </summary>
internal static class MatcherExpectations
{
    /// <summary>FindAll on the default data: every occurrence, overlapping ones included.</summary>
    public const int ExpectedAllMatches = -1;

    /// <summary>Distinct start positions among those occurrences: what repeated SearchValues.IndexOfAny finds.</summary>
    public const int ExpectedMatchStarts = -1;

    /// <summary>FindLeftmostLongest on the default data.</summary>
    public const int ExpectedLeftmostLongestMatches = -1;

    /// <summary>Throws if any matcher disagrees with the expected counts; prints what was found.</summary>
    public static void Verify(MatcherBenchmarkData data, AhoCorasickAutomaton automaton, SearchValues<string> searchValues, TextWriter log)
    {
        var all = new List<PatternMatch>();
        automaton.FindAll(data.Text, all);
        var leftmostLongest = new List<PatternMatch>();
        automaton.FindLeftmostLongest(data.Text, leftmostLongest);
        int distinctStarts = CountDistinctStarts(all, data.Text.Length);
        int searchValuesStarts = CountMatchStarts(data.Text, searchValues);

        log.WriteLine($"// text: {data.Text.Length:N0} UTF-16 chars, {MatcherBenchmarkData.DefaultTextUtf8Bytes:N0} UTF-8 bytes; terms: {data.Terms.Length:N0}");
        log.WriteLine($"// automaton: {automaton.StateCount:N0} states, {automaton.ClassCount:N0} classes, {automaton.MemoryBytes:N0} bytes");
        log.WriteLine($"// FindAll: {all.Count:N0} matches at {distinctStarts:N0} distinct starts; SearchValues: {searchValuesStarts:N0} starts; LeftmostLongest: {leftmostLongest.Count:N0}");

        Check("FindAll matches", ExpectedAllMatches, all.Count);
        Check("FindAll distinct starts", ExpectedMatchStarts, distinctStarts);
        Check("SearchValues match starts", ExpectedMatchStarts, searchValuesStarts);
        Check("FindLeftmostLongest matches", ExpectedLeftmostLongestMatches, leftmostLongest.Count);
    }

    /// <summary>Every position where some pattern starts, found by IndexOfAny from one past the previous start.</summary>
    public static int CountMatchStarts(ReadOnlySpan<char> text, SearchValues<string> searchValues)
    {
        int count = 0;
        int offset = 0;
        while (true)
        {
            int index = text[offset..].IndexOfAny(searchValues);
            if (index < 0)
            {
                return count;
            }

            count++;
            offset += index + 1;
        }
    }

    private static int CountDistinctStarts(List<PatternMatch> matches, int textLength)
    {
        var isStart = new bool[textLength];
        int count = 0;
        foreach (var match in matches)
        {
            if (!isStart[match.Start])
            {
                isStart[match.Start] = true;
                count++;
            }
        }

        return count;
    }

    private static void Check(string what, int expected, int actual)
    {
        if (expected != actual)
        {
            throw new InvalidOperationException($"{what}: expected {expected:N0}, found {actual:N0}.");
        }
    }
}
