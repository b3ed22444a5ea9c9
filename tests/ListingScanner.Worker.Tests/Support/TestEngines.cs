using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scanning;

namespace ListingScanner.Worker.Tests.Support;

/// <summary>A tiny in-memory dictionary, so HTTP and telemetry tests do not depend on the dictionary loader.</summary>
internal static class TestEngines
{
    public const string DictionaryVersion = "test-dict-1";

    public static ScanEngine Ivory() => ScanEngine.Create(new WildlifeDictionary
    {
        Version = DictionaryVersion,
        Entries =
        [
            new DictionaryEntry
            {
                Id = "ivory",
                Kind = EntryKind.Product,
                Terms = [new DictionaryTerm("ivory", "en", null), new DictionaryTerm("象牙", "zh-Hans", null)],
                Species = "Loxodonta africana",
                Protection = new Protection("I", "I"),
            },
        ],
    });
}
