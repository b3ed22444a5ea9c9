using ListingScanner.Engine.Matching;

namespace ListingScanner.Engine.Tests.Matching;

/// <summary>
/// Specification of the automaton's two match semantics. Each row is a named case: patterns, text, and the
/// expected matches written as "patternText@start", in the order the search must report them.
/// </summary>
public class AhoCorasickAutomatonTests
{
    public static TheoryData<string, string[], string, string[]> AllMatchesCases => new()
    {
        { "classic he/she/his/hers", ["he", "she", "his", "hers"], "ushers", ["she@1", "he@2", "hers@2"] },
        { "overlapping occurrences of one pattern", ["aa"], "aaaa", ["aa@0", "aa@1", "aa@2"] },
        { "nested patterns end together", ["象牙塔", "牙塔", "塔"], "象牙塔", ["象牙塔@0", "牙塔@1", "塔@2"] },
        { "prefix and its extension both reported", ["象牙", "象牙塔"], "象牙塔", ["象牙@0", "象牙塔@0"] },
        { "pattern inside a longer pattern", ["abcd", "bc"], "abcd", ["bc@1", "abcd@0"] },
        { "match at the very start and end", ["ab", "yz"], "abxyz", ["ab@0", "yz@3"] },
        { "the whole text is a pattern", ["犀角"], "犀角", ["犀角@0"] },
        { "empty text", ["象牙"], "", [] },
        { "no pattern in the text", ["象牙"], "出售手镯", [] },
        { "failure link into a shorter pattern", ["abcx", "bcd"], "abcd", ["bcd@1"] },
        { "characters of a pattern separated by others do not match", ["象牙", "犀角"], "犀牛角 象 牙", [] },
        { "english phrase with a space", ["rhino horn", "horn"], "real rhino horn cup", ["rhino horn@5", "horn@11"] },
        { "emoji surrogate pair pattern", ["🐘牙", "🐘"], "x🐘牙🐘", ["🐘@1", "🐘牙@1", "🐘@4"] },
        { "half of a surrogate pair does not match the pair", ["🐘"], "\ud83d", [] },
        { "mixed scripts in one dictionary", ["穿山甲", "pangolin", "鳞片"], "pangolin穿山甲鳞片", ["pangolin@0", "穿山甲@8", "鳞片@11"] },
        { "digits and spaces are ordinary characters", ["999", "9 9"], "9999 9", ["999@0", "999@1", "9 9@3"] },
        { "single-character patterns", ["虎", "骨"], "虎骨虎", ["虎@0", "骨@1", "虎@2"] },
    };

    public static TheoryData<string, string[], string, string[]> LeftmostLongestCases => new()
    {
        { "longest at the same start wins", ["象牙", "象牙塔"], "象牙塔", ["象牙塔@0"] },
        { "longest wins whatever the pattern order", ["象牙塔", "象牙"], "出售象牙塔", ["象牙塔@2"] },
        { "leftmost start wins over a longer later match", ["ab", "bcd"], "abcd", ["ab@0"] },
        { "scan resumes after the chosen match", ["ab", "cd"], "abcd", ["ab@0", "cd@2"] },
        { "a failed longer candidate does not hide a shorter one", ["abcdef", "ab", "cd"], "abcdeX", ["ab@0", "cd@2"] },
        { "overlapping occurrences do not repeat", ["aa"], "aaaaa", ["aa@0", "aa@2"] },
        { "classic he/she/his/hers", ["he", "she", "his", "hers"], "ushers", ["she@1"] },
        { "pattern inside a longer pattern", ["abcd", "bc"], "abcd", ["abcd@0"] },
        { "earlier start found after a shorter later match", ["bc", "abcd"], "abcd", ["abcd@0"] },
        { "candidate at the end of the text", ["犀角"], "出售犀角", ["犀角@2"] },
        { "match at the start then nothing", ["ivory"], "ivory bangle", ["ivory@0"] },
        { "empty text", ["象牙"], "", [] },
        { "emoji surrogate pair pattern", ["🐘牙", "🐘"], "x🐘牙🐘", ["🐘牙@1", "🐘@4"] },
        { "adjacent matches", ["虎骨", "虎"], "虎骨虎虎骨", ["虎骨@0", "虎@2", "虎骨@3"] },
    };

    [Theory]
    [MemberData(nameof(AllMatchesCases))]
    public void FindAll_reports_every_occurrence_ordered_by_end_then_start(
        string name, string[] patterns, string text, string[] expected)
    {
        var automaton = AhoCorasickAutomaton.Build(patterns);
        var matches = new List<PatternMatch>();

        automaton.FindAll(text, matches);

        Assert.True(expected.SequenceEqual(Describe(patterns, matches)), $"{name}: got [{string.Join(", ", Describe(patterns, matches))}]");
    }

    [Theory]
    [MemberData(nameof(LeftmostLongestCases))]
    public void FindLeftmostLongest_reports_non_overlapping_leftmost_then_longest(
        string name, string[] patterns, string text, string[] expected)
    {
        var automaton = AhoCorasickAutomaton.Build(patterns);
        var matches = new List<PatternMatch>();

        automaton.FindLeftmostLongest(text, matches);

        Assert.True(expected.SequenceEqual(Describe(patterns, matches)), $"{name}: got [{string.Join(", ", Describe(patterns, matches))}]");
    }

    [Fact]
    public void Find_dispatches_on_the_match_kind()
    {
        var automaton = AhoCorasickAutomaton.Build(["象牙", "象牙塔"]);
        var all = new List<PatternMatch>();
        var leftmostLongest = new List<PatternMatch>();

        automaton.Find("象牙塔", MatchKind.All, all);
        automaton.Find("象牙塔", MatchKind.LeftmostLongest, leftmostLongest);

        Assert.Equal([new PatternMatch(0, 0, 2), new PatternMatch(1, 0, 3)], all);
        Assert.Equal([new PatternMatch(1, 0, 3)], leftmostLongest);
    }

    [Fact]
    public void Searches_append_to_the_output_list_without_clearing_it()
    {
        var automaton = AhoCorasickAutomaton.Build(["ivory"]);
        var matches = new List<PatternMatch> { new(99, 0, 1) };

        automaton.FindAll("ivory", matches);

        Assert.Equal([new PatternMatch(99, 0, 1), new PatternMatch(0, 0, 5)], matches);
    }

    [Fact]
    public void Pattern_ids_are_indexes_in_the_pattern_list()
    {
        var automaton = AhoCorasickAutomaton.Build(["tiger", "bone", "tiger bone"]);
        var matches = new List<PatternMatch>();

        automaton.FindLeftmostLongest("tiger bone wine", matches);

        Assert.Equal(3, automaton.PatternCount);
        Assert.Equal([new PatternMatch(2, 0, 10)], matches);
    }

    [Fact]
    public void An_empty_pattern_list_builds_an_automaton_that_finds_nothing()
    {
        var automaton = AhoCorasickAutomaton.Build([]);
        var matches = new List<PatternMatch>();

        automaton.FindAll("象牙", matches);
        automaton.FindLeftmostLongest("象牙", matches);

        Assert.Equal(0, automaton.PatternCount);
        Assert.Empty(matches);
    }

    [Theory]
    [InlineData(new[] { "象牙", "" }, "index 1")]
    [InlineData(new[] { "", "象牙" }, "index 0")]
    public void An_empty_pattern_is_rejected_naming_its_index(string[] patterns, string expectedInMessage)
    {
        var error = Assert.Throws<ArgumentException>(() => AhoCorasickAutomaton.Build(patterns));
        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_pattern_is_rejected_naming_its_index()
    {
        var error = Assert.Throws<ArgumentException>(() => AhoCorasickAutomaton.Build(["ivory", null!]));
        Assert.Contains("index 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_pattern_is_rejected_naming_both_indexes()
    {
        var error = Assert.Throws<ArgumentException>(() => AhoCorasickAutomaton.Build(["犀角", "象牙", "犀角"]));
        Assert.Contains("index 2 duplicates the pattern at index 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Memory_size_counts_the_compiled_tables()
    {
        var small = AhoCorasickAutomaton.Build(["象牙"]);
        var larger = AhoCorasickAutomaton.Build(Enumerable.Range(0, 500).Select(i => $"term{i}").ToList());

        // The character class table alone is 64K two-byte entries.
        Assert.True(small.MemoryBytes >= 65_536 * 2);
        Assert.True(larger.MemoryBytes > small.MemoryBytes);
    }

    [Fact]
    public void One_automaton_can_be_searched_from_many_threads_at_once()
    {
        var automaton = AhoCorasickAutomaton.Build(["象牙", "犀角", "ivory"]);
        string text = string.Concat(Enumerable.Repeat("出售象牙和犀角 ivory ", 200));

        int[] counts = new int[8];
        Parallel.For(0, counts.Length, worker =>
        {
            var matches = new List<PatternMatch>();
            for (int round = 0; round < 20; round++)
            {
                matches.Clear();
                automaton.FindAll(text, matches);
                counts[worker] += matches.Count;
            }
        });

        Assert.All(counts, count => Assert.Equal(20 * 600, count));
    }

    private static IEnumerable<string> Describe(string[] patterns, List<PatternMatch> matches) =>
        matches.Select(m => $"{patterns[m.PatternId]}@{m.Start}");
}
