using System.Globalization;
using System.Text;

namespace ListingScanner.Engine.Normalization;

/// <summary>
/// Turns listing text into the form the dictionary is matched against, keeping a map from every output character back
/// to the original UTF-16 span it came from. See README.md in this folder for the rules and why they are in this order.
/// </summary>
/// <remarks>
/// Two phases over reusable buffers. Phase 1 reads the original rune by rune into units (one normalised character
/// each, classified as letter, digit, Han, noise or break): format characters dropped, NFKC (full-width, ligatures,
/// math letters) applied per cluster only where a character can change, case folded, Traditional mapped to
/// Simplified, animal emoji expanded to their Chinese names. Phase 2 groups letters and digits into tokens, folds
/// look-alike letters, leetspeak and stretched letters inside tokens, joins spaced-out single letters (r h i n o), and
/// writes the output: noise between Han characters disappears (象*牙 -> 象牙), any other gap becomes one space, and a
/// break (，。！？；： and newlines) always becomes a space so that 大象，牙齿 never reads as 象牙.
/// </remarks>
public static class TextNormalizer
{
    internal enum UnitKind : byte
    {
        Letter,
        Digit,
        Han,
        Noise,
        Break,
    }

    /// <summary>One normalised character from phase 1, with the original span it came from.</summary>
    internal struct Unit
    {
        public char Char;
        public UnitKind Kind;
        public int Start;
        public int End;
    }

    /// <summary>Normalises a whole string (used for dictionary terms, so they match exactly like listing text).</summary>
    public static string Normalize(string text)
    {
        var output = new NormalizedText();
        Normalize(text, output);
        return output.ToString();
    }

    public static void Normalize(ReadOnlySpan<char> original, NormalizedText output)
    {
        output.Clear(original.Length + 8);
        var reader = new UnitReader(output, original.Length);
        reader.Read(original);
        TokenWriter.Write(output.Units, reader.Count, output);
    }

    /// <summary>Phase 1: original text to classified units.</summary>
    private ref struct UnitReader
    {
        private readonly NormalizedText _owner;
        private Unit[] _units;

        public UnitReader(NormalizedText owner, int capacityHint)
        {
            _owner = owner;
            if (owner.Units.Length < capacityHint + 8)
            {
                owner.Units = new Unit[Math.Max(capacityHint + 8, owner.Units.Length * 2)];
            }

            _units = owner.Units;
            Count = 0;
        }

        public int Count { get; private set; }

        public void Read(ReadOnlySpan<char> text)
        {
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '@' && i > 0 && i + 1 < text.Length && char.IsAsciiLetter(text[i - 1]) && char.IsAsciiLetter(text[i + 1]))
                {
                    // '@' between two letters is a leetspeak 'a' (p@ngolin): it joins the word like a digit and is
                    // folded by the same rules. Anywhere else ('@seller', '@ 5') it stays noise.
                    Add('@', UnitKind.Digit, i, i + 1);
                    i++;
                }
                else if (c < 0x80 && !(i + 1 < text.Length && text[i + 1] >= '\u0300' && IsCombiningMark(text[i + 1])))
                {
                    AddAscii(c, i, i + 1);
                    i++;
                }
                else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    ReadSupplementary(text, i);
                    i += 2;
                }
                else
                {
                    i = ReadBmp(text, i);
                }
            }
        }

        private int ReadBmp(ReadOnlySpan<char> text, int i)
        {
            char c = text[i];
            if (IsHan(c))
            {
                Add(UnicodeTables.Simplified[c], UnitKind.Han, i, i + 1);
                return i + 1;
            }

            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                AddAscii((char)(c - 0xFEE0), i, i + 1); // full-width ASCII: the most common compatibility form by far
                return i + 1;
            }

            if (IsDropped(c))
            {
                return i + 1;
            }

            if (c is '\u3001' or '\u3002' or '\uFF61' or '\uFF64' or '\u2028' or '\u2029')
            {
                Add(' ', UnitKind.Break, i, i + 1);
                return i + 1;
            }

            int end = i + 1;
            while (end < text.Length && IsCombiningMark(text[end]))
            {
                end++;
            }

            if (end > i + 1 || MayChangeUnderNfkc(c))
            {
                AddNormalizedCluster(text[i..end], i, end);
                return end;
            }

            AddClassified(c, i, end);
            return end;
        }

        private void ReadSupplementary(ReadOnlySpan<char> text, int i)
        {
            int codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
            if (UnicodeTables.EmojiNames.TryGetValue(codePoint, out string? name))
            {
                // An animal emoji stands for its name: 🐘🦷 reads as 大象牙齿, which contains 象牙.
                foreach (char han in name)
                {
                    Add(UnicodeTables.Simplified[han], UnitKind.Han, i, i + 2);
                }

                return;
            }

            if (codePoint is >= 0x1F3FB and <= 0x1F3FF or >= 0xE0000 and <= 0xE01EF)
            {
                return; // skin-tone modifiers, tags and variation selectors carry no letters
            }

            if (codePoint is >= 0x1D400 and <= 0x1D7FF or >= 0x1F100 and <= 0x1F1FF)
            {
                AddNormalizedCluster(text.Slice(i, 2), i, i + 2); // 𝐢𝐯𝐨𝐫𝐲, 🅸: styled letters fold to plain ones
                return;
            }

            if (codePoint is >= 0x20000 and <= 0x3FFFF)
            {
                // Rare ideographs outside the BMP: kept as one Han unit (a private marker char) so they separate nothing.
                Add('\u3007', UnitKind.Han, i, i + 2);
                return;
            }

            Add(' ', UnitKind.Noise, i, i + 2); // any other emoji or symbol: noise
        }

        private void AddNormalizedCluster(ReadOnlySpan<char> cluster, int start, int end)
        {
            Span<char> buffer = stackalloc char[32];
            if (cluster.Length > 8 || !cluster.TryNormalize(buffer, out int written, NormalizationForm.FormKC))
            {
                foreach (char c in cluster.ToString().Normalize(NormalizationForm.FormKC))
                {
                    AddClassified(c, start, end);
                }

                return;
            }

            foreach (char c in buffer[..written])
            {
                if (c < 0x80)
                {
                    AddAscii(c, start, end);
                }
                else
                {
                    AddClassified(c, start, end);
                }
            }
        }

        private void AddAscii(char c, int start, int end)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                Add((char)(c | 0x20), UnitKind.Letter, start, end);
            }
            else if (char.IsAsciiLetterLower(c))
            {
                Add(c, UnitKind.Letter, start, end);
            }
            else if (char.IsAsciiDigit(c))
            {
                Add(c, UnitKind.Digit, start, end);
            }
            else if (c is '\n' or '\r' or ',' or ';' or ':' or '!' or '?')
            {
                Add(' ', UnitKind.Break, start, end);
            }
            else
            {
                // Everything else is noise, kept as itself so prices (¥ $) stay readable to the trade-intent pass.
                Add(c, UnitKind.Noise, start, end);
            }
        }

        private void AddClassified(char c, int start, int end)
        {
            if (c < 0x80)
            {
                AddAscii(c, start, end);
            }
            else if (IsHan(c))
            {
                Add(UnicodeTables.Simplified[c], UnitKind.Han, start, end);
            }
            else if (IsCombiningMark(c) || IsDropped(c))
            {
                // a mark left over after NFKC composition (e.g. a combining underline): drop it
            }
            else if (char.IsLetter(c))
            {
                Add(char.ToLowerInvariant(c), UnitKind.Letter, start, end);
            }
            else if (char.IsDigit(c))
            {
                Add(c, UnitKind.Digit, start, end);
            }
            else if (c is '\u3001' or '\u3002')
            {
                Add(' ', UnitKind.Break, start, end);
            }
            else
            {
                Add(c is '¥' or '€' or '£' or '₫' or '฿' ? c : ' ', UnitKind.Noise, start, end);
            }
        }

        private void Add(char c, UnitKind kind, int start, int end)
        {
            if (Count == _units.Length)
            {
                Array.Resize(ref _units, _units.Length * 2);
                _owner.Units = _units;
            }

            ref Unit unit = ref _units[Count++];
            unit.Char = c;
            unit.Kind = kind;
            unit.Start = start;
            unit.End = end;
        }
    }

    internal static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';

    /// <summary>Zero-width and format characters, soft hyphen and variation selectors: invisible, so removed.</summary>
    private static bool IsDropped(char c) =>
        c is '\u00AD' or '\u034F' or '\u180E' or '\uFEFF' or >= '\u200B' and <= '\u200F' or >= '\u202A' and <= '\u202E'
            or >= '\u2060' and <= '\u2064' or >= '\uFE00' and <= '\uFE0F';

    private static bool IsCombiningMark(char c)
    {
        if (c < '\u0300')
        {
            return false;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>
    /// Whether NFKC can change this BMP character. Conservative ranges (a false "yes" only costs a normalisation call);
    /// everything outside them (plain Latin with diacritics, Cyrillic, Greek, CJK) is already NFKC-stable.
    /// </summary>
    private static bool MayChangeUnderNfkc(char c) =>
        c is >= '\u00A0' and <= '\u00BF' or >= '\u0132' and <= '\u0149' or '\u017F' or >= '\u01C4' and <= '\u01F3'
            or >= '\u02B0' and <= '\u02FF' or >= '\u1D2C' and <= '\u1DBF' or >= '\u2000' and <= '\u2BFF'
            or >= '\u2E80' and <= '\u2FDF' or '\u3000' or >= '\u3131' and <= '\u33FF' or >= '\uF900' and <= '\uFAFF'
            or >= '\uFB00' and <= '\uFB4F' or >= '\uFE10' and <= '\uFE6F' or >= '\uFF5F' and <= '\uFFEF';
}
