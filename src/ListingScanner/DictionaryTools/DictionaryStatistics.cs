using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ListingScanner.Engine.Dictionary;

namespace ListingScanner.DictionaryTools;

/// <summary>A label and how many entries or terms carry it.</summary>
internal readonly record struct CountRow(string Name, int Count);

/// <summary>Entries (and distinct species among them) at one protection level, e.g. "CITES I".</summary>
internal readonly record struct ProtectionRow(string Level, int Entries, int Species);

/// <summary>
/// What an analyst wants to see about a dictionary before rolling it out: its composition, its protection
/// coverage, and where its terms are documented.
/// </summary>
internal sealed class DictionaryStatistics
{
    public required string Path { get; init; }
    public required string Version { get; init; }
    public required int Entries { get; init; }
    public required int Terms { get; init; }

    /// <summary>Every kind, in the order of <see cref="EntryKind"/>, zeros included (a missing kind is news).</summary>
    public required IReadOnlyList<CountRow> EntriesByKind { get; init; }

    public required IReadOnlyList<CountRow> TermsByLanguage { get; init; }
    public required IReadOnlyList<CountRow> EntriesByStrength { get; init; }
    public required IReadOnlyList<CountRow> EntriesByReviewOnly { get; init; }

    /// <summary>Scientific names with the most entries, most first.</summary>
    public required IReadOnlyList<CountRow> TopSpecies { get; init; }

    public required int SpeciesCount { get; init; }
    public required int EntriesWithoutSpecies { get; init; }
    public required IReadOnlyList<ProtectionRow> Protection { get; init; }

    /// <summary>Terms per source: the host of a URL (without "www."), or the citation text.</summary>
    public required IReadOnlyList<CountRow> TermsBySource { get; init; }

    /// <summary>Ids of entries none of whose terms cites a source (only possible from .txt term lists).</summary>
    public required IReadOnlyList<string> EntriesWithoutSourcedTerm { get; init; }

    public static DictionaryStatistics Compute(WildlifeDictionary dictionary, int topSpecies)
    {
        var entries = dictionary.Entries;
        var terms = entries.SelectMany(e => e.Terms).ToList();
        var withSpecies = entries.Where(e => e.Species is not null).ToList();

        return new DictionaryStatistics
        {
            Path = dictionary.SourcePath,
            Version = dictionary.Version,
            Entries = entries.Count,
            Terms = terms.Count,
            EntriesByKind = Enum.GetValues<EntryKind>()
                .Select(kind => new CountRow(DictionaryFile.KindName(kind), entries.Count(e => e.Kind == kind)))
                .ToList(),
            TermsByLanguage = Ranked(terms.Select(t => t.Language)),
            EntriesByStrength =
            [
                new CountRow("strong", entries.Count(e => e.Strength == EntryStrength.Strong)),
                new CountRow("weak", entries.Count(e => e.Strength == EntryStrength.Weak)),
            ],
            EntriesByReviewOnly =
            [
                new CountRow("false", entries.Count(e => !e.ReviewOnly)),
                new CountRow("true", entries.Count(e => e.ReviewOnly)),
            ],
            TopSpecies = Ranked(withSpecies.Select(e => e.Species!)).Take(topSpecies).ToList(),
            SpeciesCount = withSpecies.Select(e => e.Species).Distinct(StringComparer.Ordinal).Count(),
            EntriesWithoutSpecies = entries.Count - withSpecies.Count,
            Protection =
            [
                ProtectionLevel(entries, "CITES I", e => e.Protection.Cites == "I"),
                ProtectionLevel(entries, "CITES II", e => e.Protection.Cites == "II"),
                ProtectionLevel(entries, "CITES III", e => e.Protection.Cites == "III"),
                ProtectionLevel(entries, "China class I", e => e.Protection.ChinaClass == "I"),
                ProtectionLevel(entries, "China class II", e => e.Protection.ChinaClass == "II"),
                ProtectionLevel(entries, "not listed", e => !e.Protection.IsListed),
            ],
            TermsBySource = Ranked(terms.Where(t => t.Source is not null).Select(t => SourceName(t.Source!))),
            EntriesWithoutSourcedTerm = entries.Where(e => e.Terms.All(t => t.Source is null)).Select(e => e.Id).ToList(),
        };
    }

    /// <summary>
    /// How a source is counted: a URL by its host, so fifty pages of one report count as one publisher; a citation
    /// ("Beijing News 2019 ivory investigation") as written.
    /// </summary>
    internal static string SourceName(string source)
    {
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            string host = uri.Host.ToLowerInvariant();
            return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        }

        return source;
    }

    private static ProtectionRow ProtectionLevel(IReadOnlyList<DictionaryEntry> entries, string level, Func<DictionaryEntry, bool> at)
    {
        var matching = entries.Where(at).ToList();
        int species = matching.Where(e => e.Species is not null).Select(e => e.Species).Distinct(StringComparer.Ordinal).Count();
        return new ProtectionRow(level, matching.Count, species);
    }

    /// <summary>Counts per name, largest first, ties by name so the output is stable across runs.</summary>
    private static List<CountRow> Ranked(IEnumerable<string> names) =>
        names.GroupBy(n => n, StringComparer.Ordinal)
            .Select(g => new CountRow(g.Key, g.Count()))
            .OrderByDescending(r => r.Count)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>Plain aligned text for a terminal.</summary>
    public void WriteText(TextWriter output)
    {
        output.WriteLine($"Dictionary  {Path}");
        output.WriteLine($"Version     {Version}");
        output.WriteLine($"Entries     {Entries}");
        output.WriteLine($"Terms       {Terms}");

        WriteTable(output, "Entries by kind", EntriesByKind);
        WriteTable(output, "Terms by language", TermsByLanguage);
        WriteTable(output, "Entries by strength", EntriesByStrength);
        WriteTable(output, "Entries by review_only", EntriesByReviewOnly);
        WriteTable(output,
            $"Top species by entries ({SpeciesCount} species; entries with no species: {EntriesWithoutSpecies})",
            TopSpecies);

        output.WriteLine();
        output.WriteLine("Protection");
        int width = Math.Max("level".Length, Protection.Max(r => r.Level.Length));
        output.WriteLine($"  {"level".PadRight(width)}  {"entries",7}  {"species",7}");
        foreach (var row in Protection)
        {
            output.WriteLine($"  {row.Level.PadRight(width)}  {row.Entries,7}  {row.Species,7}");
        }

        WriteTable(output, "Terms by source", TermsBySource);

        output.WriteLine();
        output.WriteLine(EntriesWithoutSourcedTerm.Count == 0
            ? "Entries with no source-backed term: none"
            : $"Entries with no source-backed term ({EntriesWithoutSourcedTerm.Count}): {string.Join(", ", EntriesWithoutSourcedTerm)}");
    }

    private static void WriteTable(TextWriter output, string title, IReadOnlyList<CountRow> rows)
    {
        output.WriteLine();
        output.WriteLine(title);
        if (rows.Count == 0)
        {
            output.WriteLine("  (none)");
            return;
        }

        int nameWidth = rows.Max(r => r.Name.Length);
        int countWidth = rows.Max(r => r.Count.ToString(CultureInfo.InvariantCulture).Length);
        foreach (var row in rows)
        {
            output.WriteLine($"  {row.Name.PadRight(nameWidth)}  {row.Count.ToString(CultureInfo.InvariantCulture).PadLeft(countWidth)}");
        }
    }

    /// <summary>The same figures as one JSON document, for dashboards and CI checks.</summary>
    public void WriteJson(TextWriter output)
    {
        using var buffer = new MemoryStream();
        WriteJson(buffer);
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private void WriteJson(Stream output)
    {
        // Relaxed escaping keeps Chinese citations readable; the output goes to files and terminals, never into HTML.
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var json = new Utf8JsonWriter(output, options);
        json.WriteStartObject();
        json.WriteString("path", Path);
        json.WriteString("version", Version);
        json.WriteNumber("entries", Entries);
        json.WriteNumber("terms", Terms);
        WriteCountObject(json, "entries_by_kind", EntriesByKind);
        WriteCountObject(json, "terms_by_language", TermsByLanguage);
        WriteCountObject(json, "entries_by_strength", EntriesByStrength);
        WriteCountObject(json, "entries_by_review_only", EntriesByReviewOnly);
        json.WriteNumber("species", SpeciesCount);
        json.WriteNumber("entries_without_species", EntriesWithoutSpecies);
        WriteRankedArray(json, "top_species", "species", "entries", TopSpecies);

        json.WriteStartArray("protection");
        foreach (var row in Protection)
        {
            json.WriteStartObject();
            json.WriteString("level", row.Level);
            json.WriteNumber("entries", row.Entries);
            json.WriteNumber("species", row.Species);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteRankedArray(json, "terms_by_source", "source", "terms", TermsBySource);

        json.WriteStartArray("entries_without_sourced_term");
        foreach (string id in EntriesWithoutSourcedTerm)
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCountObject(Utf8JsonWriter json, string name, IReadOnlyList<CountRow> rows)
    {
        json.WriteStartObject(name);
        foreach (var row in rows)
        {
            json.WriteNumber(row.Name, row.Count);
        }

        json.WriteEndObject();
    }

    /// <summary>Ranked lists are arrays, not objects, so that their order (most first) survives any JSON reader.</summary>
    private static void WriteRankedArray(Utf8JsonWriter json, string name, string nameField, string countField, IReadOnlyList<CountRow> rows)
    {
        json.WriteStartArray(name);
        foreach (var row in rows)
        {
            json.WriteStartObject();
            json.WriteString(nameField, row.Name);
            json.WriteNumber(countField, row.Count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
