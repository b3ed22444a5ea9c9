using System.Text.Encodings.Web;
using System.Text.Json;

namespace ListingScanner.Scanning;

/// <summary>Where lines that produced no verdict are reported. Called from the writer only, in line order.</summary>
internal interface IFailureSink : IDisposable
{
    void Report(LineFailure failure);

    /// <summary>Pushes buffered reports out (end of scan).</summary>
    void Flush();
}

/// <summary>Reports failures as text lines, "line 17: invalid_json: invalid JSON (byte 5)".</summary>
internal sealed class TextFailureSink(Action<string> writeLine) : IFailureSink
{
    public void Report(LineFailure failure) => writeLine($"line {failure.Line}: {failure.Reason}: {failure.Message}");

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}

/// <summary>
/// Reports failures as JSON Lines, {"line":17,"reason":"invalid_json","message":"..."}, for analysts who feed the
/// failures back into tooling (re-export the lines, count reasons).
/// </summary>
internal sealed class JsonLinesFailureSink : IFailureSink
{
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;

    public JsonLinesFailureSink(Stream stream)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public void Report(LineFailure failure)
    {
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteNumber("line", failure.Line);
        _json.WriteString("reason", failure.Reason);
        _json.WriteString("message", failure.Message);
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
    }

    public void Flush() => _stream.Flush();

    /// <summary>Disposes the JSON writer only; the stream belongs to the caller.</summary>
    public void Dispose() => _json.Dispose();
}
