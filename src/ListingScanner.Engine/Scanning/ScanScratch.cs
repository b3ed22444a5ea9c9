using ListingScanner.Engine.Matching;
using ListingScanner.Engine.Normalization;
using ListingScanner.Engine.Scoring;

namespace ListingScanner.Engine.Scanning;

/// <summary>
/// Per-thread working buffers for one scan, reused across listings so the hot path does not allocate them again.
/// Never shared between threads: <see cref="ScanEngine"/> keeps one per thread.
/// </summary>
internal sealed class ScanScratch
{
    private char[] _folded = new char[256];

    public NormalizedText Normalised { get; } = new();

    public List<PatternMatch> Raw { get; } = new(64);

    public List<FieldMatcher.Candidate> Candidates { get; } = new(64);

    /// <summary>The terms found in the listing being scanned; copied into the verdict, so it can be reused.</summary>
    public List<FoundTerm> Found { get; } = new(32);

    public Span<char> FoldedBuffer(int length)
    {
        if (_folded.Length < length)
        {
            _folded = new char[Math.Max(length, _folded.Length * 2)];
        }

        return _folded.AsSpan(0, length);
    }
}
