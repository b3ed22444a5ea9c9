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

    public static byte[] SerializeVerdict(Verdict verdict) =>
        JsonSerializer.SerializeToUtf8Bytes(verdict, ContractJsonContext.Default.Verdict);

    public static void WriteVerdict(Utf8JsonWriter writer, Verdict verdict) =>
        JsonSerializer.Serialize(writer, verdict, ContractJsonContext.Default.Verdict);

    public static Verdict? DeserializeVerdict(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, ContractJsonContext.Default.Verdict);

    public static byte[] SerializeListing(ListingEvent listing) =>
        JsonSerializer.SerializeToUtf8Bytes(listing, ContractJsonContext.Default.ListingEvent);

    internal static ListingEvent? DeserializeListing(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, ContractJsonContext.Default.ListingEvent);
}
