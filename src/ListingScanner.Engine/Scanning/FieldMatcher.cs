using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Matching;
using ListingScanner.Engine.Normalization;
using ListingScanner.Engine.Scoring;

namespace ListingScanner.Engine.Scanning;

/// <summary>
/// Finds the dictionary terms in one field of a listing: normalise, run the automaton (all overlapping matches), drop
/// matches that are not on word boundaries, drop matches covered by an allow-phrase (象牙白 covers 象牙), keep the
/// leftmost-longest of the rest, then look for homophones where nothing exact was found. Spans are mapped back to the
/// original text. Uses the caller's scratch buffers; allocates only the results.
/// </summary>
internal static class FieldMatcher
{
    /// <summary>Adds the terms found in <paramref name="normalised"/> (one field, already normalised) to <paramref name="found"/>.</summary>
    public static void Match(
        CompiledDictionary dictionary,
        NormalizedText normalised,
        ListingField field,
        ScanScratch scratch,
        List<FoundTerm> found)
    {
        ReadOnlySpan<char> text = normalised.Text;

        var candidates = scratch.Candidates;
        candidates.Clear();
        scratch.Raw.Clear();
        dictionary.Exact.FindAll(text, scratch.Raw);
        foreach (var raw in scratch.Raw)
        {
            foreach (var term in dictionary.PatternTerms[raw.PatternId])
            {
                if (IsOnWordBoundaries(text, raw.Start, raw.Length, term))
                {
                    candidates.Add(new Candidate(raw.Start, raw.Length, term, MatchEvidence.Exact));
                }
            }
        }

        SuppressCoveredByAllowPhrases(candidates);
        SelectLeftmostLongest(candidates);

        if (dictionary.Homophones is not null)
        {
            AddHomophones(dictionary, normalised, scratch, candidates);
        }

        foreach (var candidate in candidates)
        {
            if (candidate.Suppressed)
            {
                continue;
            }

            var (start, length) = normalised.MapToOriginal(candidate.Start, candidate.Length);
            found.Add(new FoundTerm(candidate.Term.Entry, candidate.Term.Term, field, start, length, candidate.Evidence));
        }
    }

    private static bool IsOnWordBoundaries(ReadOnlySpan<char> text, int start, int length, CompiledTerm term)
    {
        if (term.StartsWithWordChar && start > 0 && CompiledDictionary.IsWordChar(text[start - 1]))
        {
            return false;
        }

        int end = start + length;
        return !(term.EndsWithWordChar && end < text.Length && CompiledDictionary.IsWordChar(text[end]));
    }

    /// <summary>Suppresses every non-allow candidate that lies inside an allow-phrase match.</summary>
    private static void SuppressCoveredByAllowPhrases(List<Candidate> candidates)
    {
        for (int i = 0; i < candidates.Count; i++)
        {
            var allow = candidates[i];
            if (allow.Term.Entry.Kind != EntryKind.AllowPhrase)
            {
                continue;
            }

            for (int j = 0; j < candidates.Count; j++)
            {
                var other = candidates[j];
                if (other.Term.Entry.Kind != EntryKind.AllowPhrase && other.Start >= allow.Start && other.End <= allow.End)
                {
                    candidates[j] = other with { Suppressed = true };
                }
            }
        }
    }

    /// <summary>
    /// Among candidates that are not suppressed, keeps a non-overlapping set: the leftmost start wins, and at the same
    /// start the longest. Candidates for the same span (one pattern, several entries) are all kept. Allow-phrases take
    /// part like any term so they are reported, but never suppress beyond what they cover.
    /// </summary>
    private static void SelectLeftmostLongest(List<Candidate> candidates)
    {
        // Matches per field are few (tens at most): an insertion sort keeps this allocation-free and simple.
        for (int i = 1; i < candidates.Count; i++)
        {
            var item = candidates[i];
            int j = i - 1;
            while (j >= 0 && Before(item, candidates[j]))
            {
                candidates[j + 1] = candidates[j];
                j--;
            }

            candidates[j + 1] = item;
        }

        int keptEnd = -1;
        int keptStart = -1;
        int keptLength = 0;
        for (int i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            if (candidate.Suppressed)
            {
                continue;
            }

            bool sameSpanAsKept = candidate.Start == keptStart && candidate.Length == keptLength;
            if (candidate.Start < keptEnd && !sameSpanAsKept)
            {
                candidates[i] = candidate with { Suppressed = true };
                continue;
            }

            keptStart = candidate.Start;
            keptLength = candidate.Length;
            keptEnd = candidate.End;
        }

        static bool Before(Candidate a, Candidate b) => a.Start < b.Start || (a.Start == b.Start && a.Length > b.Length);
    }

    /// <summary>
    /// Adds homophone matches (象芽 for 象牙) only where the exact pass found nothing at all: a homophone never overrides
    /// an exact match, an allow-phrase or what an allow-phrase covers, and the exact text of a term is never reported
    /// twice. A homophone must also start with two adjacent characters: 象芽 counts, but 即食 零食 does not read as a
    /// homophone of anything across the space between two keywords (the sound and the gap are two weak signals).
    /// </summary>
    private static void AddHomophones(CompiledDictionary dictionary, NormalizedText normalised, ScanScratch scratch, List<Candidate> candidates)
    {
        ReadOnlySpan<char> text = normalised.Text;
        Span<char> folded = scratch.FoldedBuffer(text.Length);
        HomophoneFolder.Fold(text, folded);
        scratch.Raw.Clear();
        dictionary.Homophones!.FindLeftmostLongest(folded, scratch.Raw);
        int exactCount = candidates.Count;
        foreach (var raw in scratch.Raw)
        {
            if (OverlapsAny(candidates, exactCount, raw.Start, raw.Start + raw.Length) || !StartsContiguous(normalised, raw.Start, raw.Length))
            {
                continue;
            }

            foreach (var term in dictionary.HomophoneTerms[raw.PatternId])
            {
                candidates.Add(new Candidate(raw.Start, raw.Length, term, MatchEvidence.Homophone));
            }
        }
    }

    /// <summary>
    /// Whether the match starts with two characters that were adjacent in the original (nothing dropped between): the
    /// sound-alike pair must be written as a word (象芽, 象芽 筷子), not made of the ends of two keywords (即食 零食).
    /// </summary>
    private static bool StartsContiguous(NormalizedText normalised, int start, int length) =>
        length < 2 || normalised.OriginalStart(start + 1) == normalised.OriginalEnd(start);

    private static bool OverlapsAny(List<Candidate> candidates, int count, int start, int end)
    {
        for (int i = 0; i < count; i++)
        {
            if (candidates[i].Start < end && start < candidates[i].End)
            {
                return true;
            }
        }

        return false;
    }

    internal readonly record struct Candidate(int Start, int Length, CompiledTerm Term, MatchEvidence Evidence)
    {
        public bool Suppressed { get; init; }

        public int End => Start + Length;
    }
}
