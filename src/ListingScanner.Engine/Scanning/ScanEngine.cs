using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;

namespace ListingScanner.Engine.Scanning;

/// <summary>
/// The engine's one entry point: compiled once from a dictionary, then Scan is called from any number of
/// threads. Immutable; a dictionary reload builds a new engine and swaps the reference.
/// </summary>
public sealed class ScanEngine
{
    /// <summary>Version of the scanner code, written into every verdict.</summary>
    public static readonly string ScannerVersion =
        typeof(ScanEngine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private readonly WildlifeDictionary _dictionary;

    private ScanEngine(WildlifeDictionary dictionary)
    {
        _dictionary = dictionary;
    }

    public string DictionaryVersion => _dictionary.Version;

    public WildlifeDictionary Dictionary => _dictionary;

    public static ScanEngine Create(WildlifeDictionary dictionary) => new(dictionary);

    /// <summary>Scans one listing. Thread-safe; pure apart from the clock.</summary>
    public Verdict Scan(ListingEvent listing) => Scan(listing, DateTimeOffset.UtcNow);

    public Verdict Scan(ListingEvent listing, DateTimeOffset scannedAt)
    {
        // TEMPORARY (foundation commit): a naive substring pass so the worker and scan command have an engine to
        // call while the normaliser, automaton and scorer are built. Replaced by ListingMatcher + VerdictScorer.
        var matches = new List<VerdictMatch>();
        foreach (var entry in _dictionary.Entries)
        {
            foreach (var term in entry.Terms)
            {
                Find(listing.Title, "title", entry, term, matches);
                Find(listing.Description, "description", entry, term, matches);
            }
        }

        bool flagged = matches.Exists(m => m.Kind is "species" or "product" or "slang");
        return new Verdict
        {
            ListingId = listing.ListingId,
            Action = flagged ? VerdictAction.Review : VerdictAction.Allow,
            Score = flagged ? 0.5 : 0,
            Reasons = flagged ? ["protected wildlife term"] : [],
            Matches = matches,
            DictionaryVersion = _dictionary.Version,
            ScannerVersion = ScannerVersion,
            ScannedAt = scannedAt,
        };
    }

    private static void Find(string? text, string field, DictionaryEntry entry, DictionaryTerm term, List<VerdictMatch> into)
    {
        if (text is null)
        {
            return;
        }

        int at = text.IndexOf(term.Text, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return;
        }

        into.Add(new VerdictMatch
        {
            EntryId = entry.Id,
            Kind = entry.Kind.ToString(),
            Term = term.Text,
            Species = entry.Species,
            Protection = entry.Protection.IsListed ? entry.Protection.ToString() : null,
            Field = field,
            Start = at,
            Length = term.Text.Length,
            Text = text.Substring(at, term.Text.Length),
        });
    }
}
