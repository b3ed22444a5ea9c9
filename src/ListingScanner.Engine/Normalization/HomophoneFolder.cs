namespace ListingScanner.Engine.Normalization;

/// <summary>
/// Folds Chinese characters that share a Mandarin reading, tone included, onto one representative, so 象芽 and 象牙
/// (both xiàng yá) fold to the same text. Tone-sensitive on purpose: toneless folding would make everyday words such as
/// 想呀 (xiǎng ya) look like 象牙. Output has the same length as input, so the normaliser's offset map still applies.
/// </summary>
public static class HomophoneFolder
{
    public static void Fold(ReadOnlySpan<char> normalised, Span<char> folded)
    {
        if (folded.Length < normalised.Length)
        {
            throw new ArgumentException("the destination is shorter than the text", nameof(folded));
        }

        char[] map = UnicodeTables.HomophoneRepresentative;
        for (int i = 0; i < normalised.Length; i++)
        {
            folded[i] = map[normalised[i]];
        }
    }

    public static string Fold(string normalised) =>
        string.Create(normalised.Length, normalised, static (span, text) => Fold(text, span));
}
