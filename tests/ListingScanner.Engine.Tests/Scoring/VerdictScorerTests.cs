using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scoring;

namespace ListingScanner.Engine.Tests.Scoring;

public class VerdictScorerTests
{
    private static readonly DictionaryEntry Ivory = Entry("ivory", EntryKind.Product, "象牙");
    private static readonly DictionaryEntry Elephant = Entry("elephant", EntryKind.Species, "大象");
    private static readonly DictionaryEntry XiangyaPinyin = Entry("ivory_pinyin", EntryKind.Product, "xiangya", EntryStrength.Weak);
    private static readonly DictionaryEntry Mammoth = Entry("mammoth_ivory", EntryKind.Product, "猛犸象牙", reviewOnly: true);
    private static readonly DictionaryEntry Sell = Entry("sell", EntryKind.TradeSignal, "出售");
    private static readonly DictionaryEntry WeChat = Entry("wechat", EntryKind.TradeSignal, "微信");
    private static readonly DictionaryEntry Seized = Entry("seized", EntryKind.NegativeContext, "查获");
    private static readonly DictionaryEntry Crackdown = Entry("crackdown", EntryKind.NegativeContext, "打击");

    private static readonly TradeIntentDetector.Signals NoPatterns = new(false, false);
    private static readonly TradeIntentDetector.Signals Price = new(true, false);

    [Fact]
    public void Product_with_an_offer_and_a_price_is_takedown()
    {
        var result = VerdictScorer.Score([Found(Ivory), Found(Sell), Found(WeChat)], Price, hasStructuredPrice: false);
        Assert.Equal(VerdictAction.Takedown, result.Action);
        Assert.True(result.Score > 0.7, $"score {result.Score}");
        Assert.Contains(result.Reasons, r => r.StartsWith("product: 象牙 (ivory", StringComparison.Ordinal));
        Assert.Contains("trade intent: 出售, 微信, a price", result.Reasons);
    }

    [Fact]
    public void Product_without_any_trade_intent_is_review()
    {
        var result = VerdictScorer.Score([Found(Ivory)], NoPatterns, hasStructuredPrice: false);
        Assert.Equal(VerdictAction.Review, result.Action);
    }

    [Fact]
    public void News_with_enforcement_vocabulary_is_allow_even_with_products()
    {
        var result = VerdictScorer.Score([Found(Ivory), Found(Seized), Found(Crackdown)], NoPatterns, hasStructuredPrice: false);
        Assert.Equal(VerdictAction.Allow, result.Action);
        Assert.Equal("news, enforcement or conservation context without an offer to trade", result.Reasons[0]);
        Assert.True(result.Score <= 0.2);
    }

    [Fact]
    public void A_complete_offer_is_not_excused_by_enforcement_words()
    {
        var result = VerdictScorer.Score([Found(Ivory), Found(Seized), Found(Crackdown), Found(WeChat)], Price, hasStructuredPrice: false);
        Assert.Equal(VerdictAction.Takedown, result.Action);
    }

    [Fact]
    public void Restricted_goods_offered_for_sale_go_to_review_not_takedown()
    {
        var result = VerdictScorer.Score([Found(Mammoth), Found(Sell)], Price, hasStructuredPrice: false);
        Assert.Equal(VerdictAction.Review, result.Action);
        Assert.Equal("legal-but-restricted wildlife goods: needs a human decision", result.Reasons[0]);
    }

    [Fact]
    public void A_species_name_alone_is_allow()
    {
        var result = VerdictScorer.Score([Found(Elephant)], NoPatterns, hasStructuredPrice: false);
        Assert.Equal(VerdictAction.Allow, result.Action);
    }

    [Fact]
    public void A_species_name_with_trade_intent_is_review()
    {
        var result = VerdictScorer.Score([Found(Elephant), Found(Sell)], Price, hasStructuredPrice: false);
        Assert.Equal(VerdictAction.Review, result.Action);
    }

    [Fact]
    public void Weak_evidence_with_intent_is_review_never_takedown()
    {
        var result = VerdictScorer.Score([Found(XiangyaPinyin), Found(Sell), Found(WeChat)], Price, hasStructuredPrice: true);
        Assert.Equal(VerdictAction.Review, result.Action);
    }

    [Fact]
    public void A_homophone_of_a_product_needs_two_intent_signals_for_takedown()
    {
        var homophone = Found(Ivory) with { Evidence = MatchEvidence.Homophone };
        Assert.Equal(VerdictAction.Review, VerdictScorer.Score([homophone, Found(Sell)], NoPatterns, false).Action);
        Assert.Equal(VerdictAction.Takedown, VerdictScorer.Score([homophone, Found(Sell)], Price, false).Action);
    }

    [Fact]
    public void No_wildlife_terms_is_allow_with_score_zero()
    {
        var result = VerdictScorer.Score([Found(Sell), Found(WeChat)], Price, hasStructuredPrice: true);
        Assert.Equal(VerdictAction.Allow, result.Action);
        Assert.Equal(0, result.Score);
    }

    [Fact]
    public void The_same_entry_found_twice_counts_once()
    {
        var once = VerdictScorer.Score([Found(Ivory), Found(Sell)], NoPatterns, false);
        var twice = VerdictScorer.Score([Found(Ivory), Found(Ivory), Found(Sell), Found(Sell)], NoPatterns, false);
        Assert.Equal(once.Score, twice.Score);
    }

    private static FoundTerm Found(DictionaryEntry entry) =>
        new(entry, entry.Terms[0], ListingField.Title, 0, entry.Terms[0].Text.Length, MatchEvidence.Exact);

    private static DictionaryEntry Entry(string id, EntryKind kind, string term, EntryStrength strength = EntryStrength.Strong, bool reviewOnly = false) =>
        new()
        {
            Id = id,
            Kind = kind,
            Terms = [new DictionaryTerm(term, "zh-Hans", "test")],
            Strength = strength,
            ReviewOnly = reviewOnly,
            Protection = kind is EntryKind.Product or EntryKind.Species ? new Protection("I", "I") : Protection.None,
        };
}
