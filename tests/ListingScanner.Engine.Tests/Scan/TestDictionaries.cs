using ListingScanner.Engine.Dictionary;

namespace ListingScanner.Engine.Tests.Scan;

/// <summary>
/// In-memory dictionaries for scan command tests, so they do not depend on the bundled dictionary's contents.
/// </summary>
internal static class TestDictionaries
{
    /// <summary>One product term: enough to make some listings flagged and others not.</summary>
    public static WildlifeDictionary Minimal { get; } = new()
    {
        Version = "t1",
        Entries =
        [
            new DictionaryEntry { Id = "ivory", Kind = EntryKind.Product, Terms = [new DictionaryTerm("象牙", "zh-Hans", "test")] },
        ],
    };

    /// <summary>
    /// A small dictionary with every entry kind, used for the golden file of the bundled sample until the bundled
    /// dictionary (data/dictionary/wildlife.yaml) and its loader are merged. Terms as analysts would write them.
    /// </summary>
    public static WildlifeDictionary Sample { get; } = new()
    {
        Version = "test-sample-1",
        Entries =
        [
            Product("ivory", "Loxodonta africana", new Protection("I", "I"), "象牙", "ivory", "xiangya"),
            Product("rhino_horn", "Rhinocerotidae", new Protection("I", "I"), "犀角", "犀牛角", "rhino horn"),
            Product("pangolin", "Manis spp.", new Protection("I", "I"), "穿山甲", "pangolin scales"),
            Product("tiger_parts", "Panthera tigris", new Protection("I", "I"), "虎骨", "tiger claw", "tiger bone"),
            Product("hornbill_casque", "Rhinoplax vigil", new Protection("I", "I"), "鹤顶红", "hornbill casque"),
            new DictionaryEntry
            {
                Id = "mammoth_ivory", Kind = EntryKind.Product, ReviewOnly = true,
                Terms = [new DictionaryTerm("猛犸象牙", "zh-Hans", "test"), new DictionaryTerm("mammoth ivory", "en", "test")],
            },
            new DictionaryEntry
            {
                Id = "slow_loris", Kind = EntryKind.Species, Species = "Nycticebus spp.", Protection = new Protection("I", "I"),
                Terms = [new DictionaryTerm("slow loris", "en", "test"), new DictionaryTerm("懒猴", "zh-Hans", "test")],
            },
            Slang("slang.white_material", "白料", EntryStrength.Weak),
            Slang("slang.black_material", "黑料", EntryStrength.Weak),
            Slang("slang.pig_armour", "猪甲", EntryStrength.Strong),
            Signal("signal.sale", "出售", "for sale", "出"),
            Signal("signal.contact", "微信", "wx", "WhatsApp", "telegram"),
            Signal("signal.shipping", "包邮", "顺丰"),
            new DictionaryEntry
            {
                Id = "news.enforcement", Kind = EntryKind.NegativeContext,
                Terms = [.. new[] { "查获", "打击", "检获", "檢獲", "trafficking", "seized" }.Select(t => new DictionaryTerm(t, "und", "test"))],
            },
            new DictionaryEntry
            {
                Id = "allow.lookalikes", Kind = EntryKind.AllowPhrase,
                Terms = [.. new[] { "象牙白", "象牙塔", "象牙色", "象牙果", "虎皮鹦鹉", "虎皮青椒", "tiger balm", "ivory white" }
                    .Select(t => new DictionaryTerm(t, "und", "test"))],
            },
        ],
    };

    private static DictionaryEntry Product(string id, string species, Protection protection, params string[] terms) => new()
    {
        Id = id,
        Kind = EntryKind.Product,
        Species = species,
        Protection = protection,
        Terms = [.. terms.Select(t => new DictionaryTerm(t, "und", "test"))],
    };

    private static DictionaryEntry Slang(string id, string term, EntryStrength strength) => new()
    {
        Id = id,
        Kind = EntryKind.Slang,
        Strength = strength,
        Terms = [new DictionaryTerm(term, "zh-Hans", "test")],
    };

    private static DictionaryEntry Signal(string id, params string[] terms) => new()
    {
        Id = id,
        Kind = EntryKind.TradeSignal,
        Terms = [.. terms.Select(t => new DictionaryTerm(t, "und", "test"))],
    };
}
