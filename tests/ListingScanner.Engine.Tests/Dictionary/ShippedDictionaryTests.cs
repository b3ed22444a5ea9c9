using System.Text;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Tests.Scan;

namespace ListingScanner.Engine.Tests.Dictionary;

/// <summary>
/// Checks on the dictionary that ships with the executable (src/ListingScanner/data/dictionary/wildlife.yaml),
/// loaded from the repository so that a broken edit fails here and not at start-up in production.
/// </summary>
public sealed class ShippedDictionaryTests
{
    private const int MinimumEntries = 300;

    private static readonly string[] RequiredLanguages = ["zh-Hans", "zh-Hant", "en", "la", "vi", "id"];

    private static readonly Lazy<WildlifeDictionary> Shipped = new(() => DictionaryLoader.Load(RepoPaths.ShippedDictionary));

    [Fact]
    public void Shipped_dictionary_loads_and_has_at_least_300_entries_with_every_kind_and_language()
    {
        var dictionary = Shipped.Value;

        Assert.True(dictionary.Entries.Count >= MinimumEntries,
            $"expected at least {MinimumEntries} entries, found {dictionary.Entries.Count}");

        foreach (var kind in Enum.GetValues<EntryKind>())
        {
            Assert.Contains(dictionary.Entries, e => e.Kind == kind);
        }

        var languages = dictionary.Entries.SelectMany(e => e.Terms).Select(t => t.Language).ToHashSet(StringComparer.Ordinal);
        foreach (string language in RequiredLanguages)
        {
            Assert.Contains(language, languages);
        }

        Assert.All(dictionary.Entries.SelectMany(e => e.Terms), t => Assert.False(string.IsNullOrWhiteSpace(t.Source), t.Text));
        Assert.Matches(@"^\d{4}\.\d{2}\.\d{2}-\d+$", dictionary.Version);
    }

    [Fact]
    public void Signals_context_and_allow_phrases_each_have_at_least_25_terms()
    {
        var dictionary = Shipped.Value;
        foreach (var kind in new[] { EntryKind.TradeSignal, EntryKind.NegativeContext, EntryKind.AllowPhrase })
        {
            int terms = dictionary.Entries.Where(e => e.Kind == kind).Sum(e => e.Terms.Count);
            Assert.True(terms >= 25, $"{kind}: only {terms} terms");
        }
    }

    [Fact]
    public void No_term_is_claimed_by_two_entries()
    {
        // Two entries with the same term would make the verdict's explanation depend on file order.
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var clashes = new List<string>();
        foreach (var entry in Shipped.Value.Entries)
        {
            foreach (var term in entry.Terms)
            {
                string key = term.Text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
                if (owner.TryGetValue(key, out var first) && first != entry.Id)
                {
                    clashes.Add($"'{term.Text}' in {first} and {entry.Id}");
                }

                owner.TryAdd(key, entry.Id);
            }
        }

        Assert.Empty(clashes);
    }

    [Fact]
    public void Species_product_and_slang_entries_name_a_species_and_allow_phrases_are_never_weak_or_review_only()
    {
        foreach (var entry in Shipped.Value.Entries)
        {
            if (entry.Kind is EntryKind.Product or EntryKind.Species)
            {
                Assert.False(string.IsNullOrWhiteSpace(entry.Species), entry.Id + " has no species");
            }

            if (entry.Kind is EntryKind.AllowPhrase or EntryKind.NegativeContext)
            {
                Assert.False(entry.ReviewOnly, entry.Id + " is review_only, which means nothing for its kind");
            }
        }
    }

    [Theory]
    [InlineData("象牙塔", "象牙")]
    [InlineData("象牙白", "象牙")]
    [InlineData("虎皮鹦鹉", "虎皮")]
    [InlineData("鱿鱼翅", "鱼翅")]
    [InlineData("tiger balm", "tiger")]
    [InlineData("ivory tower", "ivory")]
    public void Allow_phrases_contain_the_trigger_they_suppress(string allowPhrase, string trigger)
    {
        var entries = Shipped.Value.Entries;
        Assert.Contains(entries, e => e.Kind == EntryKind.AllowPhrase && e.Terms.Any(t => t.Text == allowPhrase));
        Assert.Contains(entries, e => e.Kind is EntryKind.Product or EntryKind.Species or EntryKind.Slang
            && e.Terms.Any(t => t.Text == trigger));
        Assert.Contains(trigger, allowPhrase, StringComparison.Ordinal);
    }
}
