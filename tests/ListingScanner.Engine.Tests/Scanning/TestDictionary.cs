using ListingScanner.Engine.Dictionary;

namespace ListingScanner.Engine.Tests.Scanning;

/// <summary>A small hand-built dictionary so engine tests do not depend on the shipped data.</summary>
internal static class TestDictionary
{
    public static WildlifeDictionary Create() => new()
    {
        Version = "test-1",
        Entries =
        [
            Entry("ivory", EntryKind.Product, "Elephantidae", ["象牙", "ivory"]),
            Entry("rhino_horn", EntryKind.Product, "Rhinocerotidae", ["犀角", "犀牛角", "rhino horn"]),
            Entry("pangolin", EntryKind.Product, "Manis spp.", ["穿山甲", "pangolin"]),
            Entry("white_material", EntryKind.Slang, "Elephantidae", ["白料"]),
            Entry("elephant", EntryKind.Species, "Elephantidae", ["大象", "elephant"]),
            Entry("tiger", EntryKind.Species, "Panthera tigris", ["老虎", "tiger"], EntryStrength.Weak),
            Entry("ivory_pinyin", EntryKind.Product, "Elephantidae", ["xiangya"], EntryStrength.Weak),
            Entry("mammoth_ivory", EntryKind.Product, "Mammuthus primigenius", ["猛犸象牙", "mammoth ivory"], reviewOnly: true),
            Signal("sell", EntryKind.TradeSignal, ["出售", "for sale", "包邮"]),
            Signal("wechat", EntryKind.TradeSignal, ["微信", "vx", "whatsapp"]),
            Signal("news", EntryKind.NegativeContext, ["打击", "查获", "保护", "联盟", "seized"]),
            Signal("ivory_tower", EntryKind.AllowPhrase, ["象牙塔", "ivory tower"]),
            Signal("ivory_white", EntryKind.AllowPhrase, ["象牙白", "ivory white"]),
            Signal("budgie", EntryKind.AllowPhrase, ["虎皮鹦鹉"]),
        ],
    };

    private static DictionaryEntry Entry(string id, EntryKind kind, string species, string[] terms, EntryStrength strength = EntryStrength.Strong, bool reviewOnly = false) =>
        new()
        {
            Id = id,
            Kind = kind,
            Species = species,
            Protection = new Protection("I", "I"),
            Strength = strength,
            ReviewOnly = reviewOnly,
            Terms = [.. terms.Select(t => new DictionaryTerm(t, t.Any(char.IsAsciiLetter) ? "en" : "zh-Hans", "test"))],
        };

    private static DictionaryEntry Signal(string id, EntryKind kind, string[] terms) =>
        new()
        {
            Id = id,
            Kind = kind,
            Terms = [.. terms.Select(t => new DictionaryTerm(t, t.Any(char.IsAsciiLetter) ? "en" : "zh-Hans", "test"))],
        };
}
