namespace ListingScanner.Engine.Dictionary;

/// <summary>What a dictionary entry means to the scorer.</summary>
public enum EntryKind
{
    /// <summary>A protected species' name (象, 犀牛, pangolin).</summary>
    Species,

    /// <summary>A product made from a protected species (象牙手镯, rhino horn, 穿山甲片).</summary>
    Product,

    /// <summary>A trade code word or euphemism (白料, 黑料, 猪甲).</summary>
    Slang,

    /// <summary>Words that show an offer to trade (出售, 包邮, for sale, 微信, WhatsApp).</summary>
    TradeSignal,

    /// <summary>News, conservation and enforcement vocabulary (打击, 查获, seized) that lowers suspicion.</summary>
    NegativeContext,

    /// <summary>A legitimate phrase containing a trigger word (象牙塔, 虎皮鹦鹉, tiger balm); suppresses matches it covers.</summary>
    AllowPhrase,
}

/// <summary>
/// What a <see cref="EntryKind.NegativeContext"/> entry says about the listing around it. Each role pulls a verdict
/// down in its own way; see VerdictScorer.
/// </summary>
public enum ContextRole
{
    /// <summary>News, enforcement, research or museum vocabulary (查获, seized, report): reporting about the trade.</summary>
    Reporting,

    /// <summary>A claim that the trade may be legal (antique, pre-1947, captive-bred, 人工繁育, with papers): at most review.</summary>
    LegalClaim,

    /// <summary>Imitation wording (仿, faux, replica, resin, giả): trades on a protected name, so at most review.</summary>
    Imitation,

    /// <summary>An object that only looks like the animal or its product (toy, 造型, shaped like, acetate frames): allow.</summary>
    Lookalike,

    /// <summary>A negation right before a wildlife term (非象牙, not ivory, không phải): that term does not count.</summary>
    Negation,
}

/// <summary>How strong one entry's evidence is on its own.</summary>
public enum EntryStrength
{
    /// <summary>Enough on its own, with trade intent, for a takedown.</summary>
    Strong,

    /// <summary>Needs corroboration (pinyin initials, ambiguous code words): never a takedown alone.</summary>
    Weak,
}

/// <summary>Protection status of a species: CITES appendix and China's national list class.</summary>
/// <param name="Cites">"I", "II" or "III"; null when not listed.</param>
/// <param name="ChinaClass">"I" or "II" on China's List of Wildlife under Special State Protection; null when not listed.</param>
public sealed record Protection(string? Cites, string? ChinaClass)
{
    public static readonly Protection None = new(null, null);

    public bool IsListed => Cites is not null || ChinaClass is not null;

    /// <summary>Human-readable form used in verdicts, e.g. "CITES I; China class I".</summary>
    public override string ToString()
    {
        if (Cites is null && ChinaClass is null)
        {
            return "";
        }

        if (ChinaClass is null)
        {
            return "CITES " + Cites;
        }

        return Cites is null ? "China class " + ChinaClass : "CITES " + Cites + "; China class " + ChinaClass;
    }
}

/// <summary>One way of writing an entry, with the evidence that it is used that way.</summary>
/// <param name="Text">The term as written by analysts (normalised before matching).</param>
/// <param name="Language">BCP-47-ish tag: zh-Hans, zh-Hant, en, vi, id, th, la (scientific), pinyin.</param>
/// <param name="Source">Where the term's use is documented (URL or citation); null only for plain term lists.</param>
public sealed record DictionaryTerm(string Text, string Language, string? Source);

/// <summary>One concept in the dictionary: a species, product, code word, signal or allowed phrase.</summary>
public sealed class DictionaryEntry
{
    public required string Id { get; init; }
    public required EntryKind Kind { get; init; }
    public required IReadOnlyList<DictionaryTerm> Terms { get; init; }

    /// <summary>Scientific name of the species the entry stands for (null for signals and allow-phrases).</summary>
    public string? Species { get; init; }

    public Protection Protection { get; init; } = Protection.None;

    public EntryStrength Strength { get; init; } = EntryStrength.Strong;

    /// <summary>
    /// When true the entry can at most lead to review (mammoth ivory, antique pre-ban items, farmed species):
    /// legal in some places, so a human decides.
    /// </summary>
    public bool ReviewOnly { get; init; }

    /// <summary>For negative-context entries: how the context pulls a verdict down (reporting when not given).</summary>
    public ContextRole Role { get; init; } = ContextRole.Reporting;

    /// <summary>Free text for analysts; not used by the scanner.</summary>
    public string? Note { get; init; }
}

/// <summary>A validated, immutable dictionary, as loaded from one file.</summary>
public sealed class WildlifeDictionary
{
    public required string Version { get; init; }
    public required IReadOnlyList<DictionaryEntry> Entries { get; init; }

    /// <summary>The file it was loaded from, for messages; "(inline)" when built in code.</summary>
    public string SourcePath { get; init; } = "(inline)";
}
