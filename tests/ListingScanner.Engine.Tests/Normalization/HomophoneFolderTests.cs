using ListingScanner.Engine.Normalization;

namespace ListingScanner.Engine.Tests.Normalization;

public class HomophoneFolderTests
{
    [Theory]
    [InlineData("象芽", "象牙")] // xiàng yá
    [InlineData("犀脚", "犀角")] // xī jiǎo
    public void Homophones_used_to_evade_filters_fold_together(string homophone, string term)
    {
        Assert.Equal(HomophoneFolder.Fold(term), HomophoneFolder.Fold(homophone));
    }

    [Theory]
    [InlineData("想呀", "象牙")] // xiǎng ya: tone differs
    [InlineData("香烟", "象牙")]
    public void Words_with_other_tones_do_not_fold_together(string word, string term)
    {
        Assert.NotEqual(HomophoneFolder.Fold(term), HomophoneFolder.Fold(word));
    }

    [Fact]
    public void Latin_text_is_unchanged()
    {
        Assert.Equal("ivory 2800", HomophoneFolder.Fold("ivory 2800"));
    }
}
