using System.Buffers;

namespace ListingScanner.Scanning;

/// <summary>One input line inside a <see cref="LineBatch"/>: where its bytes are, or how long it was if it was skipped.</summary>
/// <param name="Start">Offset of the line's first byte in <see cref="LineBatch.Buffer"/> (0 for an oversize line).</param>
/// <param name="Length">Bytes of the line without its line ending; for an oversize line, its full length.</param>
/// <param name="Number">1-based line number in the input.</param>
/// <param name="Oversize">True when the line was longer than the limit: its bytes were skipped, never buffered.</param>
internal readonly record struct LineSlice(int Start, long Length, long Number, bool Oversize);

/// <summary>A line that did not produce a verdict, as reported to the user.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Reason">Stable snake_case reason: invalid_utf8, invalid_json, schema_violation, oversize, scan_failed.</param>
/// <param name="Message">What is wrong, for a person.</param>
internal readonly record struct LineFailure(long Line, string Reason, string Message);

/// <summary>
/// The unit of work of the scan pipeline: a run of whole input lines (~256 KB) in one buffer, and after scanning the
/// verdict bytes and failures they produced. Batching amortises channel and scheduling costs over hundreds of lines.
/// A fixed number of batches is created and recycled, which is what bounds the pipeline's memory.
/// </summary>
internal sealed class LineBatch
{
    /// <summary>Output buffers that grew past this (a batch of huge verdicts) are dropped rather than kept forever.</summary>
    private const int MaxRetainedOutputBytes = 4 << 20;

    private readonly int _defaultBufferBytes;
    private ArrayBufferWriter<byte> _output;

    public LineBatch(int bufferBytes)
    {
        _defaultBufferBytes = bufferBytes;
        Buffer = new byte[bufferBytes];
        _output = new ArrayBufferWriter<byte>(bufferBytes * 2);
    }

    /// <summary>Position in input order; the writer emits batches strictly by sequence.</summary>
    public long Sequence { get; set; }

    /// <summary>Raw input bytes; lines are slices of it.</summary>
    public byte[] Buffer { get; private set; }

    public List<LineSlice> Lines { get; } = new(1024);

    /// <summary>Verdicts as JSON Lines, in line order.</summary>
    public ArrayBufferWriter<byte> Output => _output;

    /// <summary>Lines that failed, in line order. Empty (and not allocated into) in the common case.</summary>
    public List<LineFailure> Failures { get; } = [];

    public int Listings { get; set; }

    public int Takedowns { get; set; }

    public int Reviews { get; set; }

    public int BlankLines { get; set; }

    /// <summary>Replaces the buffer with a larger one, keeping the first <paramref name="keep"/> bytes (a long line in progress).</summary>
    public void GrowBuffer(int newSize, int keep)
    {
        var larger = new byte[newSize];
        Buffer.AsSpan(0, keep).CopyTo(larger);
        Buffer = larger;
    }

    /// <summary>Makes sure the buffer can hold <paramref name="bytes"/> bytes; used before carrying a long partial line over.</summary>
    public void EnsureBuffer(int bytes)
    {
        if (Buffer.Length < bytes)
        {
            Buffer = new byte[bytes];
        }
    }

    /// <summary>Clears the batch for reuse. Buffers that grew for an unusually long line are released.</summary>
    public void Reset()
    {
        if (Buffer.Length > _defaultBufferBytes)
        {
            Buffer = new byte[_defaultBufferBytes];
        }

        if (_output.Capacity > MaxRetainedOutputBytes)
        {
            _output = new ArrayBufferWriter<byte>(_defaultBufferBytes * 2);
        }
        else
        {
            _output.ResetWrittenCount();
        }

        Lines.Clear();
        Failures.Clear();
        Sequence = 0;
        Listings = 0;
        Takedowns = 0;
        Reviews = 0;
        BlankLines = 0;
    }
}
