namespace ListingScanner.DictionaryTools;

/// <summary>One non-blank line of a JSON Lines file.</summary>
/// <param name="Number">1-based line number, for messages.</param>
/// <param name="Bytes">The line without its line ending; null when it was longer than the limit and was not kept.</param>
/// <param name="Length">Bytes in the line (the full length, also for an oversize line).</param>
internal readonly record struct JsonLine(long Number, byte[]? Bytes, long Length);

/// <summary>
/// Reads a JSON Lines file as raw UTF-8 lines (the listing parser reports invalid UTF-8 itself, which a text reader
/// would silently replace). Streams: memory is bounded by the longest kept line, not by the file.
/// </summary>
internal static class JsonLinesReader
{
    public static IEnumerable<JsonLine> Read(Stream input, int maxLineBytes)
    {
        using var buffered = new BufferedStream(input, 64 * 1024);
        var line = new MemoryStream();
        long number = 1;
        long length = 0;
        while (true)
        {
            int b = buffered.ReadByte();
            if (b == '\n' || b < 0)
            {
                if (b >= 0 || length > 0)
                {
                    var result = Finish(number, line, length, maxLineBytes);
                    if (result is { } nonBlank)
                    {
                        yield return nonBlank;
                    }
                }

                if (b < 0)
                {
                    yield break;
                }

                number++;
                length = 0;
                line.SetLength(0);
                continue;
            }

            length++;

            // Past the limit the bytes are only counted: one enormous line must not exhaust memory.
            if (length <= maxLineBytes + 1)
            {
                line.WriteByte((byte)b);
            }
        }
    }

    private static JsonLine? Finish(long number, MemoryStream line, long length, int maxLineBytes)
    {
        byte[] bytes = line.ToArray();
        if (bytes.Length > 0 && bytes[^1] == '\r' && length <= maxLineBytes + 1)
        {
            bytes = bytes[..^1]; // CRLF files from Windows editors
            length--;
        }

        if (length > maxLineBytes)
        {
            return new JsonLine(number, null, length);
        }

        // Blank lines separate groups in hand-written samples; they are not listings and not errors.
        return bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r') ? null : new JsonLine(number, bytes, length);
    }
}
