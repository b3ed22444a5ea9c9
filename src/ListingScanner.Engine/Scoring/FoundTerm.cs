using ListingScanner.Engine.Dictionary;

namespace ListingScanner.Engine.Scoring;

/// <summary>The listing field a match was found in.</summary>
public enum ListingField
{
    Title,
    Description,
}

/// <summary>How a term was found.</summary>
public enum MatchEvidence
{
    /// <summary>The normalised text contains the normalised term.</summary>
    Exact,

    /// <summary>Only the homophone-folded text matches (象芽 for 象牙): weaker evidence.</summary>
    Homophone,
}

/// <summary>One dictionary term found in a listing, located in the original field text.</summary>
/// <param name="Entry">The entry the term belongs to.</param>
/// <param name="Term">The term as written in the dictionary.</param>
/// <param name="Field">Title or description.</param>
/// <param name="Start">UTF-16 offset in the original field text.</param>
/// <param name="Length">UTF-16 length in the original field text.</param>
/// <param name="Evidence">Exact or homophone.</param>
public readonly record struct FoundTerm(
    DictionaryEntry Entry,
    DictionaryTerm Term,
    ListingField Field,
    int Start,
    int Length,
    MatchEvidence Evidence)
{
    /// <summary>Whether this match is, on its own, strong evidence of a protected species or its products.</summary>
    public bool IsStrongWildlifeEvidence =>
        Evidence == MatchEvidence.Exact
        && Entry.Strength == EntryStrength.Strong
        && Entry.Kind is EntryKind.Product or EntryKind.Slang;
}
