using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Matching;
using ListingScanner.Engine.Normalization;

namespace ListingScanner.Engine.Scanning;

/// <summary>One dictionary term as the automaton sees it: which entry it belongs to and how it was written.</summary>
/// <param name="Entry">The entry.</param>
/// <param name="Term">The term as the analyst wrote it.</param>
/// <param name="StartsWithWordChar">The normalised term starts with a letter or digit of an alphabetic script, so a
/// match must start on a word boundary ("xy" must not match inside "xylophone").</param>
/// <param name="EndsWithWordChar">Likewise at the end ("ivory" must not match inside "ivorytype").</param>
internal readonly record struct CompiledTerm(DictionaryEntry Entry, DictionaryTerm Term, bool StartsWithWordChar, bool EndsWithWordChar);

/// <summary>
/// A dictionary compiled for matching: every term normalised exactly as listing text is, deduplicated, and compiled
/// into one Aho-Corasick automaton over all languages; plus a second automaton over homophone-folded Chinese terms.
/// Pattern ids index <see cref="PatternTerms"/>: one normalised pattern may stand for several entries.
/// </summary>
internal sealed class CompiledDictionary
{
    private CompiledDictionary(
        AhoCorasickAutomaton exact,
        CompiledTerm[][] patternTerms,
        AhoCorasickAutomaton? homophones,
        CompiledTerm[][] homophoneTerms)
    {
        Exact = exact;
        PatternTerms = patternTerms;
        Homophones = homophones;
        HomophoneTerms = homophoneTerms;
    }

    public AhoCorasickAutomaton Exact { get; }

    public CompiledTerm[][] PatternTerms { get; }

    /// <summary>Null when no entry has a Chinese term that homophone matching applies to.</summary>
    public AhoCorasickAutomaton? Homophones { get; }

    public CompiledTerm[][] HomophoneTerms { get; }

    public static CompiledDictionary Compile(WildlifeDictionary dictionary)
    {
        var exact = new PatternTable();
        var homophones = new PatternTable();
        foreach (var entry in dictionary.Entries)
        {
            foreach (var term in entry.Terms)
            {
                string normalised = TextNormalizer.Normalize(term.Text);
                if (normalised.Length == 0)
                {
                    continue; // a term made only of noise (e.g. "*") can never match; the loader rejects empty terms
                }

                var compiled = new CompiledTerm(entry, term, IsWordChar(normalised[0]), IsWordChar(normalised[^1]));
                exact.Add(normalised, compiled);

                // Homophone matching (象芽 for 象牙) only for wildlife names and code words written in Chinese, and
                // only for terms of two or more characters: one-character folds would match everywhere.
                if (entry.Kind is EntryKind.Species or EntryKind.Product or EntryKind.Slang
                    && normalised.Length >= 2 && IsAllHan(normalised))
                {
                    homophones.Add(HomophoneFolder.Fold(normalised), compiled);
                }
            }
        }

        return new CompiledDictionary(
            AhoCorasickAutomaton.Build(exact.Patterns),
            exact.ToTermArrays(),
            homophones.Patterns.Count > 0 ? AhoCorasickAutomaton.Build(homophones.Patterns) : null,
            homophones.ToTermArrays());
    }

    internal static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || (c > 0x7F && char.IsLetter(c) && !IsHan(c));

    internal static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    private static bool IsAllHan(string text)
    {
        foreach (char c in text)
        {
            if (!IsHan(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Deduplicates patterns while keeping every term that produced each.</summary>
    private sealed class PatternTable
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<List<CompiledTerm>> _terms = [];

        public List<string> Patterns { get; } = [];

        public void Add(string pattern, CompiledTerm term)
        {
            if (!_ids.TryGetValue(pattern, out int id))
            {
                id = Patterns.Count;
                _ids.Add(pattern, id);
                Patterns.Add(pattern);
                _terms.Add([]);
            }

            var terms = _terms[id];
            foreach (var existing in terms)
            {
                if (ReferenceEquals(existing.Entry, term.Entry))
                {
                    return; // one entry is reported once per place, whichever of its terms matched
                }
            }

            terms.Add(term);
        }

        public CompiledTerm[][] ToTermArrays()
        {
            var arrays = new CompiledTerm[_terms.Count][];
            for (int i = 0; i < arrays.Length; i++)
            {
                arrays[i] = [.. _terms[i]];
            }

            return arrays;
        }
    }
}
