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
    private static readonly DictionaryEntry WhiteMaterial = Entry("white_material", EntryKind.Slang, "白料", EntryStrength.Weak);
    private static readonly DictionaryEntry Antique = Entry("antique", EntryKind.NegativeContext, "清代", role: ContextRole.LegalClaim);
    private static readonly DictionaryEntry Imitation = Entry("imitation", EntryKind.NegativeContext, "仿", role: ContextRole.Imitation);
    private static readonly DictionaryEntry Toy = Entry("toy", EntryKind.NegativeContext, "玩具", role: ContextRole.Lookalike);
    private static readonly DictionaryEntry Not = Entry("not", EntryKind.NegativeContext, "非", role: ContextRole.Negation);
    private static readonly DictionaryEntry NotReal = Entry("not_real", EntryKind.NegativeContext, "not real", role: ContextRole.Negation);

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
    public void A_complete_offer_inside_reporting_vocabulary_is_review_never_takedown()
    {
        // Reports quote real ads with prices and contacts; a human decides.
        var result = VerdictScorer.Score([Found(Ivory), Found(Seized), Found(Crackdown), Found(WeChat)], Price, hasStructuredPrice: false);
        Assert.Equal(VerdictAction.Review, result.Action);
        Assert.StartsWith("an offer inside news", result.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Restricted_goods_offered_for_sale_go_to_review_not_takedown()
    {
        var result = VerdictScorer.Score([Found(Mammoth), Found(Sell)], Price, hasStructuredPrice: false);
        Assert.Equal(VerdictAction.Review, result.Action);
        Assert.Equal("legal-but-restricted wildlife goods or a legal claim: needs a human decision", result.Reasons[0]);
    }

    [Fact]
    public void A_legal_claim_turns_a_takedown_into_review_and_an_offer_with_one_is_not_news()
    {
        var offered = VerdictScorer.Score([Found(Antique), Found(Ivory), Found(Sell)], Price, hasStructuredPrice: false);
        Assert.Equal(VerdictAction.Review, offered.Action);
        Assert.Contains("legal claim: 清代 (antique)", offered.Reasons);

        // A mammoth-ivory seller citing customs papers is not news: review.
        var withCustomsPapers = VerdictScorer.Score([Found(Mammoth), Found(Seized), Found(Sell)], NoPatterns, hasStructuredPrice: false);
        Assert.Equal(VerdictAction.Review, withCustomsPapers.Action);
    }

    [Fact]
    public void Imitation_wording_turns_a_takedown_into_review()
    {
        var result = VerdictScorer.Score([Found(Imitation), Found(Ivory), Found(Sell)], Price, false);
        Assert.Equal(VerdictAction.Review, result.Action);
        Assert.StartsWith("imitation wording", result.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_look_alike_object_is_allow_unless_the_offer_is_blatant()
    {
        Assert.Equal(VerdictAction.Allow, VerdictScorer.Score([Found(Toy), Found(Ivory), Found(Sell)], Price, false).Action);

        // Two trade signals, a price and a weight: the "toy" is a cover story.
        var blatant = new TradeIntentDetector.Signals(true, true);
        Assert.Equal(VerdictAction.Takedown, VerdictScorer.Score([Found(Toy), Found(Ivory), Found(Sell), Found(WeChat)], blatant, false).Action);
    }

    [Fact]
    public void A_term_right_after_a_negation_does_not_count()
    {
        // 非象牙: the one-character negation touches the term.
        var negated = VerdictScorer.Score([At(Not, 0, 1), At(Ivory, 1, 2), Found(Sell)], Price, false);
        Assert.Equal(VerdictAction.Allow, negated.Action);
        Assert.Equal("wildlife terms only in negations", negated.Reasons[0]);

        // 非法象牙: one character between a one-character negation and the term is not a negation of the term.
        Assert.Equal(VerdictAction.Takedown, VerdictScorer.Score([At(Not, 0, 1), At(Ivory, 2, 2), Found(Sell)], Price, false).Action);

        // "not real ivory": a longer negation may be one space away.
        Assert.Equal(VerdictAction.Allow, VerdictScorer.Score([At(NotReal, 0, 8), At(Ivory, 9, 5), Found(Sell)], Price, false).Action);
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
    public void A_weak_word_needs_strong_corroboration_for_takedown()
    {
        // A weak product word (pinyin) with one trade word and a price: review.
        Assert.Equal(VerdictAction.Review, VerdictScorer.Score([Found(XiangyaPinyin), Found(Sell)], Price, hasStructuredPrice: false).Action);

        // With two strong trade signals and a price it is an offer: takedown.
        Assert.Equal(VerdictAction.Takedown, VerdictScorer.Score([Found(XiangyaPinyin), Found(Sell), Found(WeChat)], Price, hasStructuredPrice: false).Action);
    }

    [Fact]
    public void A_dealer_code_word_with_a_trade_signal_and_a_price_is_takedown_alone_it_is_allow()
    {
        Assert.Equal(VerdictAction.Takedown, VerdictScorer.Score([Found(WhiteMaterial), Found(WeChat)], Price, false).Action);
        Assert.Equal(VerdictAction.Review, VerdictScorer.Score([Found(WhiteMaterial)], Price, false).Action);
        Assert.Equal(VerdictAction.Allow, VerdictScorer.Score([Found(WhiteMaterial)], NoPatterns, false).Action);
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

    private static FoundTerm Found(DictionaryEntry entry) => At(entry, 0, entry.Terms[0].Text.Length);

    private static FoundTerm At(DictionaryEntry entry, int start, int length) =>
        new(entry, entry.Terms[0], ListingField.Title, start, length, MatchEvidence.Exact);

    private static DictionaryEntry Entry(
        string id, EntryKind kind, string term, EntryStrength strength = EntryStrength.Strong, bool reviewOnly = false, ContextRole role = ContextRole.Reporting) =>
        new()
        {
            Id = id,
            Kind = kind,
            Terms = [new DictionaryTerm(term, "zh-Hans", "test")],
            Strength = strength,
            ReviewOnly = reviewOnly,
            Role = role,
            Protection = kind is EntryKind.Product or EntryKind.Species ? new Protection("I", "I") : Protection.None,
        };
}
