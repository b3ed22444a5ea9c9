namespace ListingScanner.Engine.Matching;

/// <summary>Which occurrences a search reports. The choice is explicit because the two answer different questions.</summary>
public enum MatchKind
{
    /// <summary>
    /// Every occurrence of every pattern, overlapping and nested ones included (象牙 and 象牙塔 both reported at
    /// the same start). Use it to count evidence; ordered by end, then by start.
    /// </summary>
    All,

    /// <summary>
    /// Non-overlapping occurrences, scanning left to right: the occurrence with the leftmost start wins, and among
    /// occurrences at that start the longest wins (象牙塔 rather than 象牙). The scan then continues after it.
    /// This is the default because the most specific term is the one a scorer should see.
    /// </summary>
    LeftmostLongest,
}
