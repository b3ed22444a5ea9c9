using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Scanning;

namespace ListingScanner.Engine.Tests.Scanning;

public class ScanEngineTests
{
    private static readonly ScanEngine Engine = ScanEngine.Create(TestDictionary.Create());

    private static Verdict Scan(string title, string? description = null) =>
        Engine.Scan(new ListingEvent { ListingId = "L1", Title = title, Description = description });

    [Fact]
    public void Obfuscated_ivory_sale_with_contact_and_price_is_takedown()
    {
        var verdict = Scan("出售 象*牙 手镯 微信xxx ¥2800");

        Assert.Equal(VerdictAction.Takedown, verdict.Action);
        var ivory = Assert.Single(verdict.Matches, m => m.EntryId == "ivory");
        Assert.Equal("象*牙", ivory.Text);
        Assert.Equal(3, ivory.Start);
        Assert.Equal(3, ivory.Length);
        Assert.Equal("product", ivory.Kind);
        Assert.Equal("title", ivory.Field);
        Assert.Equal("CITES I; China class I", ivory.Protection);
    }

    [Fact]
    public void Ivory_white_tiles_are_allow()
    {
        var verdict = Scan("象牙白 瓷砖 60x60");

        Assert.Equal(VerdictAction.Allow, verdict.Action);
        Assert.DoesNotContain(verdict.Matches, m => m.EntryId == "ivory");
        Assert.Contains(verdict.Matches, m => m.EntryId == "ivory_white" && m.Kind == "allow_phrase");
    }

    [Fact]
    public void News_about_the_anti_trafficking_alliance_is_allow()
    {
        var verdict = Scan(
            "互联网企业联盟发布年度报告",
            "联盟成员平台过去五年删除涉及象牙、犀角和穿山甲的违规信息，海关查获多起走私案件，各方将继续打击非法交易，保护野生动物。");

        Assert.Equal(VerdictAction.Allow, verdict.Action);
        Assert.Contains(verdict.Matches, m => m.EntryId == "ivory");
        Assert.Contains(verdict.Matches, m => m.EntryId == "rhino_horn");
    }

    [Fact]
    public void Traditional_characters_match_simplified_terms_with_original_text_reported()
    {
        var verdict = Scan("犀角杯 出售 私聊", "價格 微信");
        var horn = Assert.Single(verdict.Matches, m => m.EntryId == "rhino_horn");
        Assert.Equal("犀角", horn.Text);
        Assert.Equal(VerdictAction.Takedown, verdict.Action);
    }

    [Fact]
    public void Ivory_tower_does_not_count_as_ivory()
    {
        var verdict = Scan("走出象牙塔 for sale 二手书 ¥20");
        Assert.DoesNotContain(verdict.Matches, m => m.EntryId == "ivory");
        Assert.Equal(VerdictAction.Allow, verdict.Action);
    }

    [Fact]
    public void Latin_terms_only_match_whole_words()
    {
        var verdict = Scan("ivorytype printer paper for sale $20");
        Assert.DoesNotContain(verdict.Matches, m => m.EntryId == "ivory");
    }

    [Fact]
    public void Latin_words_are_not_joined_into_a_false_match()
    {
        // "rhino" and "horn" in separate sentences still form the phrase; but "rhinoceros" must not be "rhino horn".
        var verdict = Scan("rhinoceros hornbill photo print");
        Assert.DoesNotContain(verdict.Matches, m => m.EntryId == "rhino_horn");
    }

    [Fact]
    public void Spaced_out_letters_are_matched_and_reported_with_their_original_span()
    {
        var verdict = Scan("carved r h i n o horn cup, whatsapp me, $900");
        var horn = Assert.Single(verdict.Matches, m => m.EntryId == "rhino_horn");
        Assert.Equal("r h i n o horn", horn.Text);
        Assert.Equal(VerdictAction.Takedown, verdict.Action);
    }

    [Fact]
    public void Homophone_of_ivory_is_found_as_weaker_evidence()
    {
        var verdict = Scan("象芽 手镯 出售 微信");
        var homophone = Assert.Single(verdict.Matches, m => m.EntryId == "ivory");
        Assert.Equal("象芽", homophone.Text);
        Assert.Equal(VerdictAction.Takedown, verdict.Action); // two intent signals corroborate it
        Assert.Contains(verdict.Reasons, r => r.StartsWith("homophone of: 象牙", StringComparison.Ordinal));
    }

    [Fact]
    public void Mammoth_ivory_for_sale_goes_to_review()
    {
        var verdict = Scan("猛犸象牙 雕件 出售 ¥3000");
        Assert.Equal(VerdictAction.Review, verdict.Action);
        Assert.Contains(verdict.Matches, m => m.EntryId == "mammoth_ivory");
        Assert.DoesNotContain(verdict.Matches, m => m.EntryId == "ivory"); // leftmost-longest: the longer term wins
    }

    [Fact]
    public void Budgerigar_is_not_a_tiger()
    {
        var verdict = Scan("虎皮鹦鹉 一对 出售 包邮 ¥80");
        Assert.Equal(VerdictAction.Allow, verdict.Action);
        Assert.DoesNotContain(verdict.Matches, m => m.EntryId == "tiger");
    }

    [Fact]
    public void A_listing_without_text_is_allow()
    {
        var verdict = Engine.Scan(new ListingEvent { ListingId = "empty" });
        Assert.Equal(VerdictAction.Allow, verdict.Action);
        Assert.Empty(verdict.Matches);
        Assert.Equal("test-1", verdict.DictionaryVersion);
    }

    [Fact]
    public void Code_word_white_material_with_price_is_takedown()
    {
        var verdict = Scan("收 白料 手串，52克 价格私聊", "vx同号");
        Assert.Equal(VerdictAction.Takedown, verdict.Action);
    }
}
