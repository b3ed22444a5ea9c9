using System.Text;
using FsCheck;
using FsCheck.Fluent;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Normalization;
using ListingScanner.Engine.Scanning;

namespace ListingScanner.Engine.Tests.Scanning;

/// <summary>
/// Properties over generated listings that mix dictionary terms, filler text and the obfuscations sellers use: every
/// exact match the engine reports points at original text that normalises to the matched term.
/// </summary>
public class SpanPropertyTests
{
    private static readonly ScanEngine Engine = ScanEngine.Create(TestDictionary.Create());

    private static readonly string[] Terms = ["象牙", "犀角", "穿山甲", "白料", "ivory", "rhino horn", "pangolin", "出售", "微信", "象牙塔", "老虎"];
    private static readonly string[] Filler = ["手镯", "老料", "包邮", "价格", "the", "carved", "cup", " ", "，", "60x60", "2800元", "🔥", "真品", "old"];
    private static readonly string[] Noise = ["*", " ", ".", "_", "~", "\u200B", "-", "❤"];

    private static Gen<string> ObfuscatedTerm() =>
        from term in Gen.Elements(Terms)
        from noise in Gen.Elements(Noise)
        from obfuscate in Gen.Elements(false, true)
        from fullWidth in Gen.Elements(false, false, true)
        select Obfuscate(term, obfuscate ? noise : null, fullWidth);

    private static Gen<string> Listing() =>
        from parts in Gen.ListOf(Gen.OneOf(ObfuscatedTerm(), Gen.Elements(Filler)))
        select string.Join(" ", parts);

    [Fact]
    public void Every_exact_match_maps_back_to_text_that_normalises_to_its_term()
    {
        Prop.ForAll(Arb.From(Listing()), title =>
        {
            var verdict = Engine.Scan(new ListingEvent { ListingId = "p", Title = title });
            foreach (var match in verdict.Matches)
            {
                Assert.Equal(match.Text, title.Substring(match.Start, match.Length));
                string normalisedSpan = TextNormalizer.Normalize(match.Text);
                string normalisedTerm = TextNormalizer.Normalize(match.Term);
                bool homophone = normalisedSpan != normalisedTerm
                    && HomophoneFolder.Fold(normalisedSpan) == HomophoneFolder.Fold(normalisedTerm);
                Assert.True(
                    normalisedSpan == normalisedTerm || homophone,
                    $"span '{match.Text}' normalises to '{normalisedSpan}', term '{match.Term}' to '{normalisedTerm}' in '{title}'");
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Reported_matches_never_overlap_within_a_field_unless_they_share_a_span()
    {
        Prop.ForAll(Arb.From(Listing()), title =>
        {
            var verdict = Engine.Scan(new ListingEvent { ListingId = "p", Title = title });
            var matches = verdict.Matches;
            for (int i = 0; i < matches.Count; i++)
            {
                for (int j = i + 1; j < matches.Count; j++)
                {
                    var a = matches[i];
                    var b = matches[j];
                    bool overlap = a.Start < b.Start + b.Length && b.Start < a.Start + a.Length;
                    bool sameSpan = a.Start == b.Start && a.Length == b.Length;
                    Assert.False(overlap && !sameSpan, $"'{a.Text}' and '{b.Text}' overlap in '{title}'");
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    private static string Obfuscate(string term, string? noise, bool fullWidth)
    {
        var text = new StringBuilder();
        foreach (char c in term)
        {
            if (text.Length > 0 && noise is not null && c != ' ')
            {
                text.Append(noise);
            }

            text.Append(fullWidth && c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c);
        }

        return text.ToString();
    }
}
