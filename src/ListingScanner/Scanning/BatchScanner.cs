using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ListingScanner.Engine.Contract;

namespace ListingScanner.Scanning;

/// <summary>
/// Parses and scans the lines of one batch, writing verdicts as JSON Lines into the batch's output buffer.
/// One instance per worker thread: it owns a reusable JSON writer, so nothing here is shared.
/// </summary>
internal sealed class BatchScanner : IDisposable
{
    // Verdicts quote the seller's text; analysts read these files, so Chinese stays readable instead of \uXXXX.
    // "Unsafe" only concerns embedding the JSON in HTML, which these files are not.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly Func<ListingEvent, Verdict> _scan;
    private readonly bool _onlyFlagged;
    private readonly int _maxLineBytes;
    private readonly Utf8JsonWriter _json;

    /// <param name="scan">The engine's Scan (thread-safe), or a stand-in in tests.</param>
    /// <param name="onlyFlagged">Write only takedown and review verdicts.</param>
    /// <param name="maxLineBytes">The limit the reader applied, for the oversize message and the parser.</param>
    public BatchScanner(Func<ListingEvent, Verdict> scan, bool onlyFlagged, int maxLineBytes)
    {
        _scan = scan;
        _onlyFlagged = onlyFlagged;
        _maxLineBytes = maxLineBytes;
        _json = new Utf8JsonWriter(Stream.Null, WriterOptions);
    }

    public void Dispose() => _json.Dispose();

    public void Scan(LineBatch batch)
    {
        byte[] buffer = batch.Buffer;
        foreach (LineSlice line in batch.Lines)
        {
            if (line.Oversize)
            {
                batch.Failures.Add(new LineFailure(
                    line.Number, "oversize", $"line is {line.Length} bytes; the limit is {_maxLineBytes} bytes (--max-line-bytes)"));
                continue;
            }

            var bytes = new ReadOnlySpan<byte>(buffer, line.Start, (int)line.Length);
            if (bytes.Trim(" \t\r"u8).IsEmpty)
            {
                // Not a listing (a trailing empty line, a separator an editor left): counted, never an error.
                batch.BlankLines++;
                continue;
            }

            if (!ListingParser.TryParse(bytes, out ListingEvent? listing, out ListingError error, _maxLineBytes))
            {
                batch.Failures.Add(new LineFailure(line.Number, error.Reason, error.Message));
                continue;
            }

            Verdict verdict;
            try
            {
                verdict = _scan(listing!);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // An engine fault on one listing must not lose the other million: report it like a bad line.
                batch.Failures.Add(new LineFailure(line.Number, "scan_failed", $"{ex.GetType().Name}: {ex.Message}"));
                continue;
            }

            batch.Listings++;
            switch (verdict.Action)
            {
                case VerdictAction.Takedown:
                    batch.Takedowns++;
                    break;
                case VerdictAction.Review:
                    batch.Reviews++;
                    break;
                case VerdictAction.Allow when _onlyFlagged:
                    continue;
            }

            // Utf8JsonWriter writes one top-level value per Reset.
            _json.Reset(batch.Output);
            ContractJson.WriteVerdict(_json, verdict);
            _json.Flush();
            batch.Output.Write("\n"u8);
        }
    }
}
