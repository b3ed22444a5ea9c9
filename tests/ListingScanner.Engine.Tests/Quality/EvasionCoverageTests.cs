using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scanning;
using ListingScanner.Engine.Tests.Scan;

namespace ListingScanner.Engine.Tests.Quality;

/// <summary>
/// The shipped dictionary and the scorer together, on real-looking listings: each evasion a seller uses is caught, and
/// each false positive that evasion coverage could cause is not. Texts are written for these tests (not from the
/// dev set), so they check the rules, not memorised examples.
/// </summary>
public sealed class EvasionCoverageTests
{
    private static readonly Lazy<ScanEngine> Engine = new(() => ScanEngine.Create(DictionaryLoader.Load(RepoPaths.ShippedDictionary)));

    [Theory]
    [InlineData("象芽手镯 内径56 重40克 ¥2600 加微信", "homophone 象芽 for 象牙")]
    [InlineData("川山甲片 炮制好的 500克 私聊 包邮", "homophone 川山甲 for 穿山甲")]
    [InlineData("象*牙 吊坠 ¥880 顺丰包邮 微信 abc", "symbol inside the word")]
    [InlineData("象 牙 筷子 一双 45克 私我 ¥1200", "space inside the word")]
    [InlineData("犀_角 杯 老件 186克 看货议价 微信", "underscore inside the word")]
    [InlineData("Genuine ｉｖｏｒｙ bangle 52g, WhatsApp me, $900", "full-width letters")]
    [InlineData("Old 1v0ry netsuke 4cm, DM me, $450 shipped", "leetspeak digits")]
    [InlineData("Real rhіno horn cup 200g, telegram only, $9000", "Cyrillic look-alike letter")]
    [InlineData("i.v.o.r.y bracelet 60g, $700, dm for price, whatsapp", "dotted letters")]
    [InlineData("🐘🦷 手串 108颗 包真 加v 1888元", "emoji stand-in")]
    [InlineData("🦏 horn libation cup 210g, message for price", "emoji next to an English part word")]
    [InlineData("純天然 象牙 印章 一對 HKD 3,200 WhatsApp聯絡", "Traditional characters")]
    [InlineData("白料 手镯 克价私聊 懂的来 纹路清晰 ¥3500", "dealer code word with a clear offer")]
    [InlineData("ivoryyyy bangle 48g for sale, whatsapp me, $700", "stretched letters")]
    public void An_offer_hidden_this_way_is_taken_down(string text, string evasion)
    {
        var verdict = Scan(text);
        Assert.True(verdict.Action == VerdictAction.Takedown, $"{evasion}: {Describe(verdict)}");
    }

    [Theory]
    [InlineData("xy 手串 白色 8mm", "pinyin initials alone are not evidence")]
    [InlineData("炭烤鱿鱼 即食 零食 500克 ¥39 包邮", "a homophone must not be read across the space between two keywords")]
    [InlineData("象牙白 瓷砖 60x60 每片 ¥45 包邮", "colour name")]
    [InlineData("泰国 象牙香米 10斤装 ¥89 包邮", "rice variety")]
    [InlineData("自家繁殖 虎皮鹦鹉 一对 ¥120 同城自提", "budgerigar")]
    [InlineData("Tiger Balm red ointment 3 jars, $12 plus shipping", "brand")]
    [InlineData("Ivory lace wedding dress size 8, $200, message me", "colour of a dress")]
    [InlineData("儿童 玩具 穿山甲造型 挖掘机 ¥59 包邮", "a toy shaped like the animal")]
    [InlineData("Tortoiseshell acetate glasses frames, not real tortoiseshell, $35 shipped", "acetate frames")]
    [InlineData("牦牛骨 手串 108颗 藏式 非象牙 ¥68 包邮", "an explicit negation")]
    [InlineData("海关查获 象牙 犀角 300公斤 涉案价值上亿 据新华社报道", "news about a seizure")]
    public void A_look_alike_or_a_report_is_not_taken_down_or_reviewed(string text, string trap)
    {
        var verdict = Scan(text);
        Assert.True(verdict.Action == VerdictAction.Allow, $"{trap}: {Describe(verdict)}");
    }

    [Theory]
    [InlineData("猛犸象牙 手串 带证书 12mm ¥1800 可验货", "mammoth ivory is legal in some markets")]
    [InlineData("Antique Victorian ivory card case, pre-1947, offers over £400", "an antique claim")]
    [InlineData("人工繁育 金刚鹦鹉 带证 可查 ¥28000 微信", "captive-bred with papers")]
    [InlineData("仿犀角 牛角雕 杯 工艺品 ¥260 包邮", "imitation wording that trades on a protected name")]
    [InlineData("xiangya 手串 8mm ¥800", "pinyin with only a price")]
    public void A_legal_but_suspicious_case_goes_to_a_human(string text, string why)
    {
        var verdict = Scan(text);
        Assert.True(verdict.Action == VerdictAction.Review, $"{why}: {Describe(verdict)}");
    }

    [Fact]
    public void A_vague_antique_claim_does_not_excuse_a_blatant_offer()
    {
        var verdict = Scan("Rhino horn cup, antique, 200g, serious buyers only, telegram @x, $12,000 firm");
        Assert.Equal(VerdictAction.Takedown, verdict.Action);
    }

    [Fact]
    public void A_report_quoting_an_ad_with_price_and_contact_is_never_taken_down()
    {
        var verdict = Scan("调查报告：一条典型广告写着“象牙手镯 42克 5000元 加微信”，报告建议平台重点审核克价与联系方式。");
        Assert.NotEqual(VerdictAction.Takedown, verdict.Action);
    }

    private static Verdict Scan(string text) =>
        Engine.Value.Scan(new ListingEvent { ListingId = "t", Title = text }, DateTimeOffset.UnixEpoch);

    private static string Describe(Verdict verdict) =>
        $"{verdict.Action} {verdict.Score}: {string.Join(" | ", verdict.Reasons)}";
}
