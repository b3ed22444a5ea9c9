using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Normalization;
using ListingScanner.Engine.Scoring;

namespace ListingScanner.Engine.Scanning;

/// <summary>
/// The engine's one entry point: compiled once from a dictionary, then scans are run from any number of threads.
/// Immutable; a dictionary reload builds a new engine and swaps the reference.
/// </summary>
/// <remarks>
/// A scan is: normalise each field (title, description) with an offset map, find every dictionary term with one
/// Aho-Corasick automaton, apply allow-phrases and leftmost-longest selection, add homophone matches where nothing exact
/// was found, detect price and weight patterns, and let <see cref="VerdictScorer"/> decide.
/// </remarks>
public sealed class ScanEngine
{
    /// <summary>Version of the scanner code, written into every verdict.</summary>
    public static readonly string ScannerVersion =
        typeof(ScanEngine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    [ThreadStatic]
    private static ScanScratch? t_scratch;

    private readonly CompiledDictionary _compiled;

    private ScanEngine(WildlifeDictionary dictionary, CompiledDictionary compiled)
    {
        Dictionary = dictionary;
        _compiled = compiled;
    }

    public string DictionaryVersion => Dictionary.Version;

    public WildlifeDictionary Dictionary { get; }

    /// <summary>Bytes held by the compiled automata (for capacity planning and the benchmarks).</summary>
    public long AutomatonBytes => _compiled.Exact.MemoryBytes + (_compiled.Homophones?.MemoryBytes ?? 0);

    /// <summary>Distinct normalised patterns in the main automaton.</summary>
    public int PatternCount => _compiled.Exact.PatternCount;

    public static ScanEngine Create(WildlifeDictionary dictionary) => new(dictionary, CompiledDictionary.Compile(dictionary));

    /// <summary>Scans one listing. Thread-safe.</summary>
    public Verdict Scan(ListingEvent listing) => Scan(listing, DateTimeOffset.UtcNow);

    /// <summary>Scans one listing, stamping the verdict with <paramref name="scannedAt"/>. Thread-safe.</summary>
    public Verdict Scan(ListingEvent listing, DateTimeOffset scannedAt)
    {
        var scratch = t_scratch ??= new ScanScratch();
        var found = scratch.Found;
        found.Clear();
        var titleSignals = ScanField(listing.Title, ListingField.Title, scratch, found);
        var descriptionSignals = ScanField(listing.Description, ListingField.Description, scratch, found);
        var signals = new TradeIntentDetector.Signals(
            titleSignals.HasPrice || descriptionSignals.HasPrice,
            titleSignals.HasWeight || descriptionSignals.HasWeight);

        bool structuredPrice = listing.Price is { Amount: > 0 };
        var result = VerdictScorer.Score(found, signals, structuredPrice);

        var matches = new VerdictMatch[found.Count];
        for (int i = 0; i < found.Count; i++)
        {
            matches[i] = ToVerdictMatch(found[i], listing);
        }

        return new Verdict
        {
            ListingId = listing.ListingId,
            Action = result.Action,
            Score = result.Score,
            Reasons = result.Reasons,
            Matches = matches,
            DictionaryVersion = Dictionary.Version,
            ScannerVersion = ScannerVersion,
            ScannedAt = scannedAt,
        };
    }

    /// <summary>Normalises one field once, finds its terms, and reads its price and weight patterns.</summary>
    private TradeIntentDetector.Signals ScanField(string? text, ListingField field, ScanScratch scratch, List<FoundTerm> found)
    {
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        TextNormalizer.Normalize(text, scratch.Normalised);
        FieldMatcher.Match(_compiled, scratch.Normalised, field, scratch, found);

        // Price and weight patterns read normalised text: full-width ￥２８００ and 2800元 look alike there.
        return TradeIntentDetector.Detect(scratch.Normalised.Text);
    }

    private static VerdictMatch ToVerdictMatch(FoundTerm found, ListingEvent listing)
    {
        string fieldText = found.Field == ListingField.Title ? listing.Title! : listing.Description!;
        var entry = found.Entry;
        return new VerdictMatch
        {
            EntryId = entry.Id,
            Kind = KindName(entry.Kind),
            Term = found.Term.Text,
            Species = entry.Species,
            Protection = entry.Protection.IsListed ? entry.Protection.ToString() : null,
            Field = found.Field == ListingField.Title ? "title" : "description",
            Start = found.Start,
            Length = found.Length,
            Text = fieldText.Substring(found.Start, found.Length),
        };
    }

    /// <summary>The snake_case name of a kind, as used in dictionary files and verdicts.</summary>
    public static string KindName(EntryKind kind) => kind switch
    {
        EntryKind.Species => "species",
        EntryKind.Product => "product",
        EntryKind.Slang => "slang",
        EntryKind.TradeSignal => "trade_signal",
        EntryKind.NegativeContext => "negative_context",
        EntryKind.AllowPhrase => "allow_phrase",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown entry kind"),
    };
}
