using System.Text.Json.Serialization;

namespace ListingScanner.Engine.Contract;

/// <summary>What the scanner recommends for a listing. On the wire: "allow", "review", "takedown" (verdict.schema.json).</summary>
/// <remarks>
/// The member names are spelled out because the source-generated context's string-enum converter writes the C#
/// member name as is ("Allow"); the property naming policy does not apply to enum values.
/// </remarks>
public enum VerdictAction
{
    /// <summary>No protected wildlife offered, or the text is news, conservation or an allowed phrase.</summary>
    [JsonStringEnumMemberName("allow")]
    Allow,

    /// <summary>Suspicious: a human moderator should look (weak evidence, legal-but-restricted goods).</summary>
    [JsonStringEnumMemberName("review")]
    Review,

    /// <summary>Protected wildlife offered for trade: remove the listing.</summary>
    [JsonStringEnumMemberName("takedown")]
    Takedown,
}

/// <summary>The scanner's decision for one listing (schema: contract/verdict.schema.json).</summary>
public sealed class Verdict
{
    public required string ListingId { get; init; }
    public required VerdictAction Action { get; init; }
    public required double Score { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    public required IReadOnlyList<VerdictMatch> Matches { get; init; }
    public required string DictionaryVersion { get; init; }
    public required string ScannerVersion { get; init; }
    public required DateTimeOffset ScannedAt { get; init; }
}

/// <summary>One dictionary term found in a listing, located in the ORIGINAL text of <see cref="Field"/>.</summary>
public sealed class VerdictMatch
{
    public required string EntryId { get; init; }

    /// <summary>The entry kind in snake case: species, product, slang, trade_signal, negative_context, allow_phrase.</summary>
    public required string Kind { get; init; }

    /// <summary>The dictionary term (as written in the dictionary) that matched.</summary>
    public required string Term { get; init; }

    /// <summary>Scientific name of the species the entry stands for, when it stands for one.</summary>
    public string? Species { get; init; }

    /// <summary>Protection status, e.g. "CITES I; China class I".</summary>
    public string? Protection { get; init; }

    /// <summary>The listing field the match is in: title or description.</summary>
    public required string Field { get; init; }

    /// <summary>UTF-16 offset of the match in the original field text.</summary>
    public required int Start { get; init; }

    /// <summary>UTF-16 length of the match in the original field text.</summary>
    public required int Length { get; init; }

    /// <summary>The original substring, exactly as the seller wrote it (e.g. "象*牙").</summary>
    public required string Text { get; init; }
}
