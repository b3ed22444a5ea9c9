using System.Text.Json;
using ListingScanner.Engine.Contract;

namespace ListingScanner.Evaluation;

/// <summary>One line of a labelled set: the listing as the scanner sees it, plus the human label and its metadata.</summary>
/// <param name="LineNumber">1-based line in the file, so every figure in a report can be traced back to the data.</param>
/// <param name="Listing">The listing fields, read with the same parser the worker uses.</param>
/// <param name="Label">What a trust-and-safety reviewer decided.</param>
/// <param name="Lang">Language bucket for per-language figures (zh-Hans, zh-Hant, en, vi, id).</param>
/// <param name="Category">Why the case is in the set (overt_sale, homophone, news, legal_lookalike, ...).</param>
/// <param name="Source">URL or report documenting the pattern (hard negatives, code words); may be null.</param>
/// <param name="Reason">Why the label was chosen, when there is no source; may be null.</param>
internal sealed record LabelledListing(
    int LineNumber,
    ListingEvent Listing,
    VerdictAction Label,
    string Lang,
    string Category,
    string? Source,
    string? Reason);

/// <summary>The result of reading a labelled file: every good line and every problem, never a silent skip.</summary>
internal sealed class LabelledSet
{
    public required string Path { get; init; }
    public required IReadOnlyList<LabelledListing> Items { get; init; }

    /// <summary>One message per bad line, "path:line: problem". Non-empty means the set must not be evaluated.</summary>
    public required IReadOnlyList<string> Errors { get; init; }
}

/// <summary>
/// Reads labelled JSONL: one listing per line with the extra fields label, lang, category and source or reason.
/// Blank lines are allowed; any other line that cannot be used is reported with its line number.
/// </summary>
internal static class LabelledSetReader
{
    /// <summary>Reads <paramref name="path"/>. Throws only for file-system problems (missing file, no permission).</summary>
    public static LabelledSet Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return Parse(path, bytes);
    }

    /// <summary>Parses file contents; <paramref name="path"/> is used only in messages.</summary>
    public static LabelledSet Parse(string path, ReadOnlySpan<byte> bytes)
    {
        var items = new List<LabelledListing>();
        var errors = new List<string>();
        var seenIds = new Dictionary<string, int>(StringComparer.Ordinal);

        // Editors on Windows often save UTF-8 with a byte-order mark; it is not data.
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        int lineNumber = 0;
        bool moreLines = true;
        while (moreLines)
        {
            lineNumber++;
            ReadOnlySpan<byte> line;
            int newline = bytes.IndexOf((byte)'\n');
            if (newline < 0)
            {
                line = bytes;
                moreLines = false;
            }
            else
            {
                line = bytes[..newline];
                bytes = bytes[(newline + 1)..];
            }

            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (IsBlank(line))
            {
                continue;
            }

            string? problem = ParseLine(line, lineNumber, out LabelledListing? item);
            if (problem is not null)
            {
                errors.Add($"{path}:{lineNumber}: {problem}");
                continue;
            }

            if (seenIds.TryGetValue(item!.Listing.ListingId, out int firstLine))
            {
                // Two lines with one id would make the worst-misses list ambiguous and usually mean a copy-paste slip.
                errors.Add($"{path}:{lineNumber}: listing_id \"{item.Listing.ListingId}\" already used on line {firstLine}");
                continue;
            }

            seenIds.Add(item.Listing.ListingId, lineNumber);
            items.Add(item);
        }

        if (items.Count == 0 && errors.Count == 0)
        {
            errors.Add($"{path}: the file has no labelled listings");
        }

        return new LabelledSet { Path = path, Items = items, Errors = errors };
    }

    private static string? ParseLine(ReadOnlySpan<byte> line, int lineNumber, out LabelledListing? item)
    {
        item = null;

        // The listing part goes through the production parser, so the eval sees exactly what the worker would see
        // (the parser ignores the extra label fields, as it ignores any field a newer producer adds).
        if (!ListingParser.TryParse(line, out ListingEvent? listing, out ListingError listingError))
        {
            return listingError.Message;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException ex)
        {
            return "invalid JSON: " + ex.Message;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "expected a JSON object";
            }

            string? labelText = ReadString(root, "label", out string? labelProblem);
            if (labelProblem is not null)
            {
                return labelProblem;
            }

            if (labelText is null)
            {
                return "label is missing (expected takedown, review or allow)";
            }

            if (!TryParseLabel(labelText, out VerdictAction label))
            {
                return $"unknown label \"{labelText}\" (expected takedown, review or allow)";
            }

            string? lang = ReadString(root, "lang", out string? langProblem);
            if (langProblem is not null)
            {
                return langProblem;
            }

            if (string.IsNullOrWhiteSpace(lang))
            {
                return "lang is missing (needed for per-language figures)";
            }

            string? category = ReadString(root, "category", out string? categoryProblem);
            if (categoryProblem is not null)
            {
                return categoryProblem;
            }

            if (string.IsNullOrWhiteSpace(category))
            {
                return "category is missing (needed for per-category error counts)";
            }

            string? source = ReadString(root, "source", out string? sourceProblem);
            string? reason = ReadString(root, "reason", out string? reasonProblem);
            if (sourceProblem is not null || reasonProblem is not null)
            {
                return sourceProblem ?? reasonProblem;
            }

            item = new LabelledListing(lineNumber, listing!, label, lang, category, source, reason);
            return null;
        }
    }

    /// <summary>Reads an optional string property; a present property of another type is a problem, not a null.</summary>
    private static string? ReadString(JsonElement root, string name, out string? problem)
    {
        problem = null;
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problem = $"{name} must be a string, found {value.ValueKind.ToString().ToLowerInvariant()}";
            return null;
        }

        return value.GetString();
    }

    internal static bool TryParseLabel(string text, out VerdictAction label)
    {
        switch (text)
        {
            case "takedown":
                label = VerdictAction.Takedown;
                return true;
            case "review":
                label = VerdictAction.Review;
                return true;
            case "allow":
                label = VerdictAction.Allow;
                return true;
            default:
                label = VerdictAction.Allow;
                return false;
        }
    }

    internal static string LabelName(VerdictAction action) => action switch
    {
        VerdictAction.Takedown => "takedown",
        VerdictAction.Review => "review",
        _ => "allow",
    };

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b != (byte)' ' && b != (byte)'\t')
            {
                return false;
            }
        }

        return true;
    }
}
