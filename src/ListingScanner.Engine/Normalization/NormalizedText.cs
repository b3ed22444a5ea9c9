namespace ListingScanner.Engine.Normalization;

/// <summary>
/// The normaliser's output: normalised characters plus, for each of them, the UTF-16 span of the original text it
/// came from. A reusable buffer (grows, never shrinks); not thread-safe: one per thread.
/// </summary>
public sealed class NormalizedText
{
    private char[] _chars = new char[256];
    private int[] _starts = new int[256];
    private int[] _ends = new int[256];

    /// <summary>The normalised characters.</summary>
    public ReadOnlySpan<char> Text => _chars.AsSpan(0, Length);

    public int Length { get; private set; }

    /// <summary>Scratch units of the first normalisation phase, kept here so they are reused across calls.</summary>
    internal TextNormalizer.Unit[] Units = new TextNormalizer.Unit[256];

    /// <summary>
    /// The span of the ORIGINAL text covered by normalised characters [normStart, normStart + normLength): from the
    /// start of the first one's source to the end of the last one's, so noise skipped in between is included
    /// (象*牙 is reported whole).
    /// </summary>
    public (int Start, int Length) MapToOriginal(int normStart, int normLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(normStart);
        ArgumentOutOfRangeException.ThrowIfLessThan(normLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(normStart + normLength, Length);
        int start = _starts[normStart];
        return (start, _ends[normStart + normLength - 1] - start);
    }

    /// <summary>Original start offset of normalised char <paramref name="index"/>.</summary>
    public int OriginalStart(int index) => _starts[index];

    /// <summary>Original end offset (exclusive) of normalised char <paramref name="index"/>.</summary>
    public int OriginalEnd(int index) => _ends[index];

    internal void Clear(int capacityHint)
    {
        Length = 0;
        if (_chars.Length < capacityHint)
        {
            int size = Math.Max(capacityHint, _chars.Length * 2);
            _chars = new char[size];
            _starts = new int[size];
            _ends = new int[size];
        }
    }

    internal void Append(char c, int originalStart, int originalEnd)
    {
        if (Length == _chars.Length)
        {
            int size = _chars.Length * 2;
            Array.Resize(ref _chars, size);
            Array.Resize(ref _starts, size);
            Array.Resize(ref _ends, size);
        }

        _chars[Length] = c;
        _starts[Length] = originalStart;
        _ends[Length] = originalEnd;
        Length++;
    }

    public override string ToString() => new(Text);
}
