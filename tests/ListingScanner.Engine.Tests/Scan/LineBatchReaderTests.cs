using System.Text;
using System.Threading.Channels;
using ListingScanner.Scanning;

namespace ListingScanner.Engine.Tests.Scan;

public class LineBatchReaderTests
{
    /// <summary>What the reader should report for one line: its bytes, or its length when oversize.</summary>
    private sealed record ExpectedLine(long Number, string? Text, long Length, bool Oversize);

    /// <summary>
    /// Reads <paramref name="input"/> with the reader (reads of random size, tiny batches, a few batches in
    /// circulation) and returns every line in order, with its text or, when oversize, its length.
    /// </summary>
    private static async Task<List<ExpectedLine>> ReadAllAsync(byte[] input, int maxLineBytes, int batchBytes, int maxReadSize, int seed)
    {
        var free = Channel.CreateBounded<LineBatch>(3);
        for (int i = 0; i < 3; i++)
        {
            free.Writer.TryWrite(new LineBatch(batchBytes));
        }

        var filled = Channel.CreateBounded<LineBatch>(3);
        var reader = new LineBatchReader(new TrickleStream(input, maxReadSize, seed), maxLineBytes, free.Reader, filled.Writer);
        Task reading = reader.RunAsync(CancellationToken.None);

        var lines = new List<ExpectedLine>();
        long expectedSequence = 0;
        await foreach (var batch in filled.Reader.ReadAllAsync())
        {
            Assert.Equal(expectedSequence++, batch.Sequence);
            foreach (var line in batch.Lines)
            {
                lines.Add(line.Oversize
                    ? new ExpectedLine(line.Number, null, line.Length, true)
                    : new ExpectedLine(line.Number, Encoding.UTF8.GetString(batch.Buffer, line.Start, (int)line.Length), line.Length, false));
            }

            batch.Reset();
            free.Writer.TryWrite(batch);
        }

        await reading;
        Assert.Equal(input.Length, reader.BytesRead);
        return lines;
    }

    /// <summary>The obvious, slow reference: split on LF, drop one CR before it, drop a leading BOM.</summary>
    private static List<ExpectedLine> Reference(string text, int maxLineBytes)
    {
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var parts = text.Split('\n').ToList();
        if (parts[^1].Length == 0)
        {
            parts.RemoveAt(parts.Count - 1); // the newline ending the last line does not start another
        }

        var lines = new List<ExpectedLine>();
        for (int i = 0; i < parts.Count; i++)
        {
            string line = parts[i].EndsWith('\r') ? parts[i][..^1] : parts[i];
            int length = Encoding.UTF8.GetByteCount(line);
            lines.Add(length > maxLineBytes ? new ExpectedLine(i + 1, null, length, true) : new ExpectedLine(i + 1, line, length, false));
        }

        return lines;
    }

    [Fact]
    public async Task Random_inputs_split_exactly_like_the_reference_whatever_the_read_and_batch_sizes()
    {
        var random = new Random(20261122);
        for (int round = 0; round < 300; round++)
        {
            var text = new StringBuilder();
            if (random.Next(4) == 0)
            {
                text.Append('\uFEFF');
            }

            int lineCount = random.Next(0, 30);
            for (int i = 0; i < lineCount; i++)
            {
                int length = random.Next(10) switch
                {
                    0 => 0,                       // blank line
                    1 => random.Next(60, 400),    // longer than the limit below
                    _ => random.Next(1, 50),
                };
                for (int c = 0; c < length; c++)
                {
                    text.Append(random.Next(5) == 0 ? '象' : (char)('a' + random.Next(26)));
                }

                bool last = i == lineCount - 1;
                if (!last || random.Next(2) == 0)
                {
                    text.Append(random.Next(3) == 0 ? "\r\n" : "\n");
                }
            }

            byte[] input = Encoding.UTF8.GetBytes(text.ToString());
            int maxLineBytes = 40 + random.Next(40);
            int batchBytes = 64 + random.Next(200);
            int maxRead = 1 + random.Next(300);

            var actual = await ReadAllAsync(input, maxLineBytes, batchBytes, maxRead, seed: round);
            var expected = Reference(text.ToString(), maxLineBytes);
            Assert.True(
                expected.SequenceEqual(actual),
                $"round {round} (max {maxLineBytes}, batch {batchBytes}, read {maxRead}):\nexpected {string.Join(" | ", expected)}\nactual   {string.Join(" | ", actual)}");
        }
    }

    [Fact]
    public async Task An_oversize_line_is_measured_without_being_kept_and_the_next_line_survives()
    {
        byte[] huge = Encoding.ASCII.GetBytes(new string('x', 100_000) + "\r\nnext\n");
        var lines = await ReadAllAsync(huge, maxLineBytes: 1000, batchBytes: 256, maxReadSize: 4096, seed: 1);
        Assert.Equal([new ExpectedLine(1, null, 100_000, true), new ExpectedLine(2, "next", 4, false)], lines);
    }

    [Fact]
    public async Task A_line_of_exactly_the_limit_followed_by_crlf_is_not_oversize()
    {
        byte[] input = Encoding.ASCII.GetBytes(new string('y', 300) + "\r\n" + new string('z', 301) + "\r\n");
        var lines = await ReadAllAsync(input, maxLineBytes: 300, batchBytes: 64, maxReadSize: 7, seed: 2);
        Assert.Equal([new ExpectedLine(1, new string('y', 300), 300, false), new ExpectedLine(2, null, 301, true)], lines);
    }

    [Fact]
    public async Task Empty_input_yields_no_lines()
    {
        Assert.Empty(await ReadAllAsync([], 100, 64, 10, 3));
        Assert.Empty(await ReadAllAsync([0xEF, 0xBB, 0xBF], 100, 64, 1, 4));
    }

    /// <summary>A stream that returns at most a random number of bytes per read, like a pipe under load.</summary>
    private sealed class TrickleStream(byte[] data, int maxReadSize, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, data.Length - _position), 1 + _random.Next(maxReadSize));
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
