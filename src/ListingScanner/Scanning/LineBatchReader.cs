using System.Threading.Channels;

namespace ListingScanner.Scanning;

/// <summary>
/// Splits a byte stream into lines and hands them out in <see cref="LineBatch"/>es, in input order.
/// </summary>
/// <remarks>
/// <para>Lines are found with a vectorised <c>IndexOf((byte)'\n')</c> over a batch buffer the stream is read into
/// directly; a line cut by the end of the buffer is carried over to the next batch, so every line a batch holds is
/// whole. A line ending in CRLF loses its CR; a UTF-8 byte-order mark at the start of the stream is dropped.</para>
/// <para>A line longer than the limit is never buffered in full: once its partial length passes the limit the reader
/// stops keeping its bytes and only counts them until the next newline, then records it as oversize. A 50 MB line
/// costs 50 MB of reading, not 50 MB of memory.</para>
/// <para>The reader takes empty batches from <c>free</c> and blocks when there are none, which is how the pipeline
/// bounds memory: the reader can only run ahead of the writer by the number of batches in circulation.</para>
/// </remarks>
internal sealed class LineBatchReader
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly Stream _input;
    private readonly int _maxLineBytes;
    private readonly ChannelReader<LineBatch> _free;
    private readonly ChannelWriter<LineBatch> _filled;
    private long _bytesRead;

    public LineBatchReader(Stream input, int maxLineBytes, ChannelReader<LineBatch> free, ChannelWriter<LineBatch> filled)
    {
        _input = input;
        _maxLineBytes = maxLineBytes;
        _free = free;
        _filled = filled;
    }

    /// <summary>Bytes read from the input so far (any thread; for progress and throughput).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Reads the whole stream. Completes <c>filled</c> at the end of the input (not on failure).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        long sequence = 0;
        LineBatch batch = await _free.ReadAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer = batch.Buffer;
        int filled = 0;      // valid bytes in buffer
        int lineStart = 0;   // start of the line not yet ended by a newline
        long lineNumber = 1;
        bool atStart = true; // the byte-order mark is only looked for at the very start

        // Skipping an oversize line: its bytes so far, and its last byte (to drop a CR before the newline).
        bool skipping = false;
        long skippedBytes = 0;
        byte lastSkippedByte = 0;

        while (true)
        {
            int requested = buffer.Length - filled;
            int read = await _input.ReadAsync(buffer.AsMemory(filled, requested), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            Interlocked.Add(ref _bytesRead, read);
            int readStart = filled;
            filled += read;

            if (atStart)
            {
                if (filled < Utf8Bom.Length)
                {
                    continue; // too few bytes to tell yet (a slow pipe); read more
                }

                atStart = false;
                if (buffer.AsSpan(0, Utf8Bom.Length).SequenceEqual(Utf8Bom))
                {
                    lineStart = Utf8Bom.Length;
                }

                readStart = lineStart;
            }

            int scanFrom = readStart;
            if (skipping)
            {
                int newline = buffer.AsSpan(readStart, read).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    // Still inside the oversize line: count the bytes and reuse the space for the next read.
                    skippedBytes += read;
                    lastSkippedByte = buffer[filled - 1];
                    filled = readStart;
                    continue;
                }

                long length = skippedBytes + newline;
                byte beforeNewline = newline > 0 ? buffer[readStart + newline - 1] : lastSkippedByte;
                if (beforeNewline == (byte)'\r')
                {
                    length--;
                }

                batch.Lines.Add(new LineSlice(0, length, lineNumber++, Oversize: true));
                skipping = false;

                // Move what follows the newline down to where the skipped bytes started.
                int rest = filled - (readStart + newline + 1);
                buffer.AsSpan(readStart + newline + 1, rest).CopyTo(buffer.AsSpan(readStart));
                filled = readStart + rest;
                lineStart = readStart;
                scanFrom = readStart;
            }

            AddWholeLines(batch, ref lineStart, scanFrom, filled, ref lineNumber);

            int partial = filled - lineStart;
            if (partial > _maxLineBytes + 1)
            {
                // Longer than the limit even if a CR ends it: stop keeping its bytes.
                skipping = true;
                skippedBytes = partial;
                lastSkippedByte = buffer[filled - 1];
                filled = lineStart;
                if (batch.Lines.Count > 0 && filled > buffer.Length / 2)
                {
                    // Leave the skipper a full buffer to read into rather than a sliver at the end.
                    (batch, sequence) = await SendAsync(batch, sequence, carryFrom: filled, carryLength: 0, cancellationToken).ConfigureAwait(false);
                    buffer = batch.Buffer;
                    filled = 0;
                    lineStart = 0;
                }

                continue;
            }

            bool full = filled == buffer.Length;
            bool shortRead = read < requested; // a pipe delivering slowly: pass on what we have rather than wait
            if (batch.Lines.Count > 0 && (full || shortRead))
            {
                (batch, sequence) = await SendAsync(batch, sequence, carryFrom: lineStart, carryLength: partial, cancellationToken).ConfigureAwait(false);
                buffer = batch.Buffer;
                filled = partial;
                lineStart = 0;
            }
            else if (full)
            {
                // One line fills the buffer and may still be within the limit.
                if (lineStart > 0)
                {
                    buffer.AsSpan(lineStart, partial).CopyTo(buffer);
                }
                else
                {
                    batch.GrowBuffer((int)Math.Min((long)buffer.Length * 2, (long)_maxLineBytes + 2), partial);
                    buffer = batch.Buffer;
                }

                filled = partial;
                lineStart = 0;
            }
        }

        // End of input. (Lines are only still unsplit here when the whole input was shorter than a byte-order mark.)
        if (atStart)
        {
            AddWholeLines(batch, ref lineStart, 0, filled, ref lineNumber);
        }

        // A last line without a newline is still a line.
        if (skipping)
        {
            batch.Lines.Add(new LineSlice(0, skippedBytes - (lastSkippedByte == (byte)'\r' ? 1 : 0), lineNumber, Oversize: true));
        }
        else if (filled > lineStart)
        {
            AddLine(batch, lineStart, filled, lineNumber);
        }

        if (batch.Lines.Count > 0)
        {
            batch.Sequence = sequence;
            await _filled.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        _filled.Complete();
    }

    /// <summary>Records every line that ends in [scanFrom, filled); afterwards lineStart is the start of the unfinished line.</summary>
    private void AddWholeLines(LineBatch batch, ref int lineStart, int scanFrom, int filled, ref long lineNumber)
    {
        while (true)
        {
            int newline = batch.Buffer.AsSpan(scanFrom, filled - scanFrom).IndexOf((byte)'\n');
            if (newline < 0)
            {
                return;
            }

            int end = scanFrom + newline;
            AddLine(batch, lineStart, end, lineNumber++);
            lineStart = end + 1;
            scanFrom = lineStart;
        }
    }

    /// <summary>Records the line in [start, end) (end is the newline's position), dropping a CR before the newline.</summary>
    private void AddLine(LineBatch batch, int start, int end, long number)
    {
        int length = end - start;
        if (length > 0 && batch.Buffer[end - 1] == (byte)'\r')
        {
            length--;
        }

        batch.Lines.Add(new LineSlice(start, length, number, Oversize: length > _maxLineBytes));
    }

    /// <summary>Sends a full batch on and takes an empty one, carrying the unfinished line over to it.</summary>
    private async ValueTask<(LineBatch Next, long Sequence)> SendAsync(
        LineBatch batch, long sequence, int carryFrom, int carryLength, CancellationToken cancellationToken)
    {
        LineBatch next = await _free.ReadAsync(cancellationToken).ConfigureAwait(false);
        next.EnsureBuffer(carryLength * 2);
        batch.Buffer.AsSpan(carryFrom, carryLength).CopyTo(next.Buffer);
        batch.Sequence = sequence;
        await _filled.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        return (next, sequence + 1);
    }
}
