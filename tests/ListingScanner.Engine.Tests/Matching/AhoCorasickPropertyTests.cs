using FsCheck;
using FsCheck.Fluent;
using ListingScanner.Engine.Matching;

namespace ListingScanner.Engine.Tests.Matching;

/// <summary>
/// The automaton must agree with the obvious quadratic searches on random inputs. Small alphabets make patterns
/// overlap, nest and share prefixes and suffixes far more often than real dictionaries do, which is the point.
/// </summary>
public class AhoCorasickPropertyTests
{
    // Latin, CJK and both halves of a surrogate pair (🐘), so random strings also cut pairs in half.
    private const string CharacterPool = "abc象牙\ud83d\udc18";

    /// <summary>A random pattern set (distinct, non-empty) and a random text over one small random alphabet.</summary>
    private static readonly Arbitrary<(string[] Patterns, string Text)> Cases =
        (from alphabetSize in Gen.Choose(1, CharacterPool.Length)
         from offset in Gen.Choose(0, CharacterPool.Length - 1)
         let alphabet = Rotate(CharacterPool, offset)[..alphabetSize].ToCharArray()
         from patterns in Gen.ListOf(RandomString(alphabet, 1, 5)).Select(list => list.Distinct().Take(12).ToArray())
         from text in RandomString(alphabet, 0, 40)
         select (patterns, text)).ToArbitrary();

    /// <summary>
    /// Each property runs against the three table layouts the builder can produce: the default, every state a
    /// fallback state (classic failure links), and a complete delta DFA (no fallback state at all).
    /// </summary>
    public static TheoryData<int> InheritanceLimits =>
        [AutomatonBuilder.DefaultMaxInheritedTransitions, 0, int.MaxValue];

    [Theory]
    [MemberData(nameof(InheritanceLimits))]
    public void FindAll_equals_a_naive_search_for_every_occurrence(int maxInheritedTransitions)
    {
        Prop.ForAll(Cases, testCase =>
        {
            var automaton = AutomatonBuilder.Build(testCase.Patterns, maxInheritedTransitions);
            var actual = new List<PatternMatch>();
            automaton.FindAll(testCase.Text, actual);

            return actual.SequenceEqual(NaiveAllMatches(testCase.Patterns, testCase.Text))
                .Label($"patterns [{string.Join(",", testCase.Patterns)}] text '{testCase.Text}'");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1_000));
    }

    [Theory]
    [MemberData(nameof(InheritanceLimits))]
    public void FindLeftmostLongest_equals_a_naive_leftmost_longest_scan(int maxInheritedTransitions)
    {
        Prop.ForAll(Cases, testCase =>
        {
            var automaton = AutomatonBuilder.Build(testCase.Patterns, maxInheritedTransitions);
            var actual = new List<PatternMatch>();
            automaton.FindLeftmostLongest(testCase.Text, actual);

            return actual.SequenceEqual(NaiveLeftmostLongest(testCase.Patterns, testCase.Text))
                .Label($"patterns [{string.Join(",", testCase.Patterns)}] text '{testCase.Text}'");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1_000));
    }

    /// <summary>Every (pattern, start) where the pattern occurs, ordered by end then start.</summary>
    private static List<PatternMatch> NaiveAllMatches(string[] patterns, string text)
    {
        var matches = new List<PatternMatch>();
        for (int start = 0; start < text.Length; start++)
        {
            for (int id = 0; id < patterns.Length; id++)
            {
                if (text.AsSpan(start).StartsWith(patterns[id], StringComparison.Ordinal))
                {
                    matches.Add(new PatternMatch(id, start, patterns[id].Length));
                }
            }
        }

        return matches.OrderBy(m => m.End).ThenBy(m => m.Start).ToList();
    }

    /// <summary>At each position take the longest pattern starting there and jump past it; otherwise move on by one.</summary>
    private static List<PatternMatch> NaiveLeftmostLongest(string[] patterns, string text)
    {
        var matches = new List<PatternMatch>();
        int position = 0;
        while (position < text.Length)
        {
            int longest = -1;
            for (int id = 0; id < patterns.Length; id++)
            {
                if (text.AsSpan(position).StartsWith(patterns[id], StringComparison.Ordinal)
                    && (longest < 0 || patterns[id].Length > patterns[longest].Length))
                {
                    longest = id;
                }
            }

            if (longest < 0)
            {
                position++;
                continue;
            }

            matches.Add(new PatternMatch(longest, position, patterns[longest].Length));
            position += patterns[longest].Length;
        }

        return matches;
    }

    private static Gen<string> RandomString(char[] alphabet, int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from characters in Gen.ArrayOf(Gen.Elements(alphabet), length)
        select new string(characters);

    private static string Rotate(string value, int offset) => value[offset..] + value[..offset];
}
