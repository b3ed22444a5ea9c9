using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ListingScanner.Engine.Contract;

/// <summary>
/// Source-generated System.Text.Json metadata for the wire contract: snake_case names, enums as lower-case strings,
/// no reflection at run time.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ListingEvent))]
[JsonSerializable(typeof(Verdict))]
internal sealed partial class ContractJsonContext : JsonSerializerContext
{
}

/// <summary>Entry points for reading and writing the wire contract.</summary>
public static class ContractJson
{
    /// <summary>Options equivalent to the generated context, for callers that need them (e.g. ASP.NET).</summary>
    public static JsonSerializerOptions Options => ContractJsonContext.Default.Options;

    /// <summary>
    /// How verdicts go on the wire (Kafka values, HTTP answers, scan output): UTF-8 as it is, so Chinese, Vietnamese
    /// and emoji are not escaped as \uXXXX. A verdict is then about half the size, serialises faster and reads in
    /// kcat; consumers parse JSON, and nothing embeds a verdict in HTML, so HTML-sensitive escaping is not needed.
    /// </summary>
    public static readonly JsonWriterOptions WireWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_verdictBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_verdictWriter;

    /// <summary>One verdict as UTF-8 JSON (<see cref="WireWriterOptions"/>); the buffer and writer are reused per thread.</summary>
    public static byte[] SerializeVerdict(Verdict verdict)
    {
        var buffer = t_verdictBuffer ??= new ArrayBufferWriter<byte>(2048);
        buffer.ResetWrittenCount();
        var writer = t_verdictWriter ??= new Utf8JsonWriter(buffer, WireWriterOptions);
        writer.Reset(buffer);
        WriteVerdict(writer, verdict);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteVerdict(Utf8JsonWriter writer, Verdict verdict) =>
        JsonSerializer.Serialize(writer, verdict, ContractJsonContext.Default.Verdict);

    public static Verdict? DeserializeVerdict(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, ContractJsonContext.Default.Verdict);

    public static byte[] SerializeListing(ListingEvent listing) =>
        JsonSerializer.SerializeToUtf8Bytes(listing, ContractJsonContext.Default.ListingEvent);

    internal static ListingEvent? DeserializeListing(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, ContractJsonContext.Default.ListingEvent);
}
