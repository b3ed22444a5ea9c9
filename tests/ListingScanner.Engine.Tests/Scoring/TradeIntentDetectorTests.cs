using ListingScanner.Engine.Scoring;

namespace ListingScanner.Engine.Tests.Scoring;

public class TradeIntentDetectorTests
{
    [Theory]
    [InlineData("出售 象牙手镯 ¥2800", true)]
    [InlineData("手镯 2800元 包邮", true)]
    [InlineData("价格 3.5万", true)]
    [InlineData("售价3500", true)]
    [InlineData("only $150 each", true)]
    [InlineData("150 usd shipped", true)]
    [InlineData("giá 2 triệu", true)]
    [InlineData("harga rp 500rb", true)]
    [InlineData("rmb2800", true)]
    [InlineData("象牙白 瓷砖 60x60", false)]
    [InlineData("iphone13 128gb", false)]
    [InlineData("2026年 保护大象", false)]
    [InlineData("3.5万 people visited", false)] // 万 without a currency word is only a number
    public void Finds_a_stated_price(string normalisedText, bool expected) =>
        Assert.Equal(expected, TradeIntentDetector.Detect(normalisedText).HasPrice);

    [Theory]
    [InlineData("手镯 52克", true)]
    [InlineData("净重 500g", true)]
    [InlineData("1.2 kg scales", true)]
    [InlineData("128gb phone", false)]
    [InlineData("5 gold coins", false)]
    [InlineData("鳞片 2斤", true)]
    public void Finds_a_weight(string normalisedText, bool expected) =>
        Assert.Equal(expected, TradeIntentDetector.Detect(normalisedText).HasWeight);
}
