using ListingScanner.Engine.Normalization;

namespace ListingScanner.Engine.Tests.Normalization;

/// <summary>One test per normalisation rule: the normalised text, and the original span a term found in it maps to.</summary>
public class TextNormalizerTests
{
    /// <summary>Normalises <paramref name="original"/>, finds <paramref name="term"/> and returns the original text it covers.</summary>
    private static (string Normalised, string? OriginalOfTerm) Run(string original, string term)
    {
        var output = new NormalizedText();
        TextNormalizer.Normalize(original, output);
        string normalised = output.ToString();
        int at = normalised.IndexOf(term, StringComparison.Ordinal);
        if (at < 0)
        {
            return (normalised, null);
        }

        var (start, length) = output.MapToOriginal(at, term.Length);
        return (normalised, original.Substring(start, length));
    }

    [Theory]
    [InlineData("出售象*牙手镯", "象*牙")]
    [InlineData("出售象 牙手镯", "象 牙")]
    [InlineData("出售象.牙手镯", "象.牙")]
    [InlineData("出售象~~牙", "象~~牙")]
    [InlineData("出售象❤牙", "象❤牙")]
    [InlineData("出售象🔥牙", "象🔥牙")]
    [InlineData("象\u200B牙", "象\u200B牙")]
    public void Noise_between_chinese_characters_is_skipped_and_the_span_covers_it(string original, string expectedSpan)
    {
        var (normalised, span) = Run(original, "象牙");
        Assert.Contains("象牙", normalised, StringComparison.Ordinal);
        Assert.Equal(expectedSpan, span);
    }

    [Fact]
    public void Rhino_horn_with_an_underscore_is_found()
    {
        Assert.Equal("犀_角", Run("正品犀_角杯", "犀角").OriginalOfTerm);
    }

    [Theory]
    [InlineData("大象，牙齿很大")]
    [InlineData("大象。牙齿")]
    [InlineData("大象\n牙齿")]
    [InlineData("大象、牙齿")]
    public void Sentence_punctuation_between_chinese_characters_is_a_hard_break(string original)
    {
        Assert.Null(Run(original, "象牙").OriginalOfTerm);
    }

    [Theory]
    [InlineData("carved i.v.o.r.y bangle", "i.v.o.r.y")]
    [InlineData("r h i n o horn", "r h i n o")]
    [InlineData("real i-v-o-r-y", "i-v-o-r-y")]
    public void Spaced_out_single_letters_are_joined(string original, string expectedSpan)
    {
        string term = expectedSpan.Contains('r', StringComparison.Ordinal) && expectedSpan.StartsWith('r') ? "rhino" : "ivory";
        Assert.Equal(expectedSpan, Run(original, term).OriginalOfTerm);
    }

    [Theory]
    [InlineData("the ivory", "the ivory")]
    [InlineData("wall rhino art", "wall rhino art")]
    [InlineData("a b", "a b")]
    [InlineData("I am a big fan", "i am a big fan")]
    public void Real_separate_latin_words_stay_separate(string original, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(original));
    }

    [Fact]
    public void Full_width_letters_and_case_fold_to_plain_lower_case()
    {
        var (normalised, span) = Run("ＩＶＯＲＹ手镯", "ivory");
        Assert.Equal("ivory手镯", normalised);
        Assert.Equal("ＩＶＯＲＹ", span);
    }

    [Fact]
    public void Styled_math_letters_fold_to_plain_letters()
    {
        Assert.Equal("𝐢𝐯𝐨𝐫𝐲", Run("𝐢𝐯𝐨𝐫𝐲 bangle", "ivory").OriginalOfTerm);
    }

    [Theory]
    [InlineData("象牙", "象牙")]
    [InlineData("犀牛角", "犀牛角")]
    [InlineData("鶴頂紅", "鹤顶红")]
    [InlineData("穿山甲鱗片", "穿山甲鳞片")]
    public void Traditional_characters_fold_to_simplified(string original, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(original));
    }

    [Fact]
    public void Zero_width_and_format_characters_are_removed()
    {
        Assert.Equal("ivory", TextNormalizer.Normalize("i\u200Bvo\u200Dr\uFEFFy\u00AD"));
    }

    [Theory]
    [InlineData("1v0ry bangle", "1v0ry")]
    [InlineData("rhіno", "rhіno")] // Cyrillic і
    [InlineData("іvоry", "іvоry")] // Cyrillic і and о
    [InlineData("ivoryyyy", "ivoryyyy")]
    public void Look_alike_letters_leetspeak_and_stretching_fold_inside_words(string original, string expectedSpan)
    {
        string term = original.StartsWith("rh", StringComparison.Ordinal) ? "rhino" : "ivory";
        Assert.Equal(expectedSpan, Run(original, term).OriginalOfTerm);
    }

    [Theory]
    [InlineData("60x60", "60x60")]
    [InlineData("iphone13 128gb", "iphone13 128gb")]
    [InlineData("mp3 4k", "mp3 4k")]
    [InlineData("2800", "2800")]
    [InlineData("500g", "500g")]
    [InlineData("coffee", "coffee")]
    [InlineData("москва", "москва")]
    public void Numbers_codes_and_real_words_are_left_alone(string original, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(original));
    }

    [Theory]
    [InlineData("p@ngolin sc@les 500g", "pangolin scales 500g")]
    [InlineData("telegram @seller", "telegram seller")] // not between letters: noise, as before
    [InlineData("me@ 5", "me 5")]
    public void An_at_sign_between_letters_reads_as_a(string original, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(original));
    }

    [Fact]
    public void Animal_emoji_read_as_their_chinese_names()
    {
        var (normalised, span) = Run("出售🐘🦷手镯", "象牙");
        Assert.Equal("出售大象牙齿手镯", normalised);
        Assert.Equal("🐘🦷", span);
    }

    [Fact]
    public void Skin_tone_modifiers_and_variation_selectors_disappear()
    {
        Assert.Equal("ok", TextNormalizer.Normalize("o\uFE0Fk👍🏽").Trim());
    }

    [Fact]
    public void Prices_keep_their_currency_symbol()
    {
        Assert.Equal("手镯¥2800 元", TextNormalizer.Normalize("手镯 ￥２８００ 元"));
    }

    [Fact]
    public void Decomposed_vietnamese_composes()
    {
        Assert.Equal("ngà voi", TextNormalizer.Normalize("nga\u0300 voi"));
    }
}
