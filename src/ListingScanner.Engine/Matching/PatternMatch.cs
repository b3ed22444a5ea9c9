namespace ListingScanner.Engine.Matching;

/// <summary>
/// One occurrence of a dictionary pattern in a searched text. Offsets are in UTF-16 code units of the searched
/// span (the normalised text), not of the original listing.
/// </summary>
/// <param name="PatternId">Index of the pattern in the list given to <see cref="AhoCorasickAutomaton.Build"/>.</param>
/// <param name="Start">Index of the first code unit of the occurrence.</param>
/// <param name="Length">Number of code units; always the pattern's length.</param>
public readonly record struct PatternMatch(int PatternId, int Start, int Length)
{
    /// <summary>Index one past the last code unit of the occurrence.</summary>
    public int End => Start + Length;
}
