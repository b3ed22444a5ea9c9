using System.Text.Json;
using System.Text.Unicode;

namespace ListingScanner.Engine.Contract;

/// <summary>Why a listing could not be read. The names are stable: they appear in dead-letter headers and metrics.</summary>
public enum ListingErrorKind
{
    /// <summary>The bytes are not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>The bytes are not one JSON document.</summary>
    InvalidJson,

    /// <summary>Valid JSON that breaks the listing schema (missing listing_id, wrong types).</summary>
    SchemaViolation,

    /// <summary>Larger than the configured maximum.</summary>
    Oversize,
}

/// <summary>A listing that could not be read, with a message a person can act on.</summary>
/// <param name="Kind">Machine-readable category.</param>
/// <param name="Message">What is wrong and where (byte offset or JSON path).</param>
public readonly record struct ListingError(ListingErrorKind Kind, string Message)
{
    /// <summary>The snake_case reason used on the wire (dead-letter header, metric label, errors file).</summary>
    public string Reason => Kind switch
    {
        ListingErrorKind.InvalidUtf8 => "invalid_utf8",
        ListingErrorKind.InvalidJson => "invalid_json",
        ListingErrorKind.SchemaViolation => "schema_violation",
        ListingErrorKind.Oversize => "oversize",
        _ => "unknown",
    };
}

/// <summary>
/// Reads one listing event from UTF-8 JSON bytes and checks it against the listing contract.
/// Never throws for bad input: every failure is returned as a <see cref="ListingError"/>.
/// </summary>
public static class ListingParser
{
    /// <summary>Default largest accepted listing, in bytes (1 MiB): far above any real listing, far below memory trouble.</summary>
    public const int DefaultMaxBytes = 1 << 20;

    public static bool TryParse(
        ReadOnlySpan<byte> utf8,
        out ListingEvent? listing,
        out ListingError error,
        int maxBytes = DefaultMaxBytes)
    {
        listing = null;
        if (utf8.Length > maxBytes)
        {
            error = new ListingError(ListingErrorKind.Oversize, $"listing is {utf8.Length} bytes; the limit is {maxBytes} bytes");
            return false;
        }

        if (!Utf8.IsValid(utf8))
        {
            error = new ListingError(ListingErrorKind.InvalidUtf8, $"invalid UTF-8 at byte offset {FirstInvalidUtf8Offset(utf8)}");
            return false;
        }

        if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF)
        {
            utf8 = utf8[3..]; // tolerate a byte-order mark
        }

        // Fast path for well-formed listings; anything unusual goes to the full deserialiser, which names the problem.
        listing = FastListingReader.TryRead(utf8);
        try
        {
            listing ??= ContractJson.DeserializeListing(utf8);
        }
        catch (JsonException ex)
        {
            error = Describe(ex);
            return false;
        }

        if (listing is null)
        {
            error = new ListingError(ListingErrorKind.SchemaViolation, "expected a JSON object, found null");
            return false;
        }

        if (string.IsNullOrWhiteSpace(listing.ListingId))
        {
            listing = null;
            error = new ListingError(ListingErrorKind.SchemaViolation, "listing_id is empty");
            return false;
        }

        error = default;
        return true;
    }

    private static ListingError Describe(JsonException ex)
    {
        // System.Text.Json reports syntax errors with a byte position and type/shape errors with a JSON path;
        // keep the path and position, drop the exception type names that mean nothing to a user.
        string where = ex.Path is { Length: > 1 } path ? $" at {path}" : "";
        if (ex.BytePositionInLine is long pos)
        {
            where += $" (byte {pos})";
        }

        if (ex.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return new ListingError(ListingErrorKind.SchemaViolation, "listing_id is missing");
        }

        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return new ListingError(ListingErrorKind.SchemaViolation, "wrong type" + where);
        }

        return new ListingError(ListingErrorKind.InvalidJson, "invalid JSON" + where);
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> utf8)
    {
        int offset = 0;
        while (offset < utf8.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out int consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
