namespace ListingScanner.Engine.Normalization;

/// <summary>
/// Phase 2 of <see cref="TextNormalizer"/>: groups letter and digit units into tokens, cleans each token (look-alike
/// letters, leetspeak, stretched letters), decides what each gap becomes, and writes the output with its offset map.
/// </summary>
internal static class TokenWriter
{
    /// <summary>Spaced-out single letters are joined only in runs at least this long (r h i n o), not "a b".</summary>
    private const int MinimumSingleLetterRun = 3;

    private enum Last : byte
    {
        Nothing,
        Han,
        Token,
    }

    public static void Write(TextNormalizer.Unit[] units, int count, NormalizedText output)
    {
        var last = Last.Nothing;
        int gapStart = -1;        // first unit of the gap since the last written content, or -1
        bool gapHasBreak = false;
        int joinRemaining = 0;    // single-letter tokens left in the current run that is being joined

        int u = 0;
        while (u < count)
        {
            var kind = units[u].Kind;
            if (kind is TextNormalizer.UnitKind.Noise or TextNormalizer.UnitKind.Break)
            {
                if (gapStart < 0)
                {
                    gapStart = u;
                }

                gapHasBreak |= kind == TextNormalizer.UnitKind.Break;
                u++;
                continue;
            }

            if (kind == TextNormalizer.UnitKind.Han)
            {
                // Noise between two Han characters is an obfuscation (象*牙, 象 牙): drop it. Any other gap is a space.
                bool dropGap = last == Last.Han && !gapHasBreak;
                WriteGap(units, gapStart, u, last, dropGap, output);
                output.Append(units[u].Char, units[u].Start, units[u].End);
                last = Last.Han;
                joinRemaining = 0;
                gapStart = -1;
                gapHasBreak = false;
                u++;
                continue;
            }

            int tokenEnd = u + 1;
            while (tokenEnd < count && units[tokenEnd].Kind is TextNormalizer.UnitKind.Letter or TextNormalizer.UnitKind.Digit)
            {
                tokenEnd++;
            }

            bool singleLetter = tokenEnd == u + 1 && units[u].Kind == TextNormalizer.UnitKind.Letter;
            bool joinWithPrevious = false;
            if (singleLetter)
            {
                if (joinRemaining > 0 && !gapHasBreak)
                {
                    joinWithPrevious = true;
                    joinRemaining--;
                }
                else
                {
                    int run = SingleLetterRunLength(units, u, count);
                    joinRemaining = run >= MinimumSingleLetterRun ? run - 1 : 0;
                }
            }
            else
            {
                joinRemaining = 0;
            }

            WriteGap(units, gapStart, u, last, dropGap: joinWithPrevious, output);
            WriteToken(units, u, tokenEnd, output);
            last = Last.Token;
            gapStart = -1;
            gapHasBreak = false;
            u = tokenEnd;
        }
    }

    private static void WriteGap(TextNormalizer.Unit[] units, int gapStart, int gapEnd, Last last, bool dropGap, NormalizedText output)
    {
        if (gapStart < 0 || last == Last.Nothing || dropGap)
        {
            return;
        }

        // A gap becomes one space, unless it holds a currency symbol: prices (¥2800, $150) must stay readable to the
        // trade-intent pass, so the symbol stands for the whole gap.
        for (int i = gapStart; i < gapEnd; i++)
        {
            if (units[i].Kind == TextNormalizer.UnitKind.Noise && units[i].Char is '¥' or '$' or '€' or '£' or '₫' or '฿')
            {
                output.Append(units[i].Char, units[i].Start, units[i].End);
                return;
            }
        }

        output.Append(' ', units[gapStart].Start, units[gapStart].End);
    }

    /// <summary>How many single-letter tokens follow from <paramref name="u"/>, each separated only by noise.</summary>
    private static int SingleLetterRunLength(TextNormalizer.Unit[] units, int u, int count)
    {
        int run = 0;
        int i = u;
        while (i < count && units[i].Kind == TextNormalizer.UnitKind.Letter
            && (i + 1 >= count || units[i + 1].Kind is TextNormalizer.UnitKind.Noise or TextNormalizer.UnitKind.Break or TextNormalizer.UnitKind.Han))
        {
            run++;
            int next = i + 1;
            while (next < count && units[next].Kind == TextNormalizer.UnitKind.Noise)
            {
                next++;
            }

            if (next == i + 1)
            {
                break; // the letter is followed by a break, Han or the end: the run stops here
            }

            i = next;
        }

        return run;
    }

    private static void WriteToken(TextNormalizer.Unit[] units, int start, int end, NormalizedText output)
    {
        int letters = 0;
        int asciiLetters = 0;
        int lookAlikes = 0;
        int otherLetters = 0;
        bool leetCandidate = true;
        bool adjacentDigits = false;
        for (int i = start; i < end; i++)
        {
            char c = units[i].Char;
            if (units[i].Kind == TextNormalizer.UnitKind.Digit)
            {
                leetCandidate &= LeetLetter(c) != '\0';
                adjacentDigits |= i > start && units[i - 1].Kind == TextNormalizer.UnitKind.Digit;
                continue;
            }

            letters++;
            if (char.IsAsciiLetter(c))
            {
                asciiLetters++;
            }
            else if (LookAlikeLetter(c) != '\0')
            {
                lookAlikes++;
            }
            else
            {
                otherLetters++;
            }
        }

        int digits = end - start - letters;

        // Leetspeak only inside real words (1v0ry, rh1n0): three or more letters and lone digits. Numbers, sizes and
        // model codes (2800, 60x60, mp3, 4k, iphone13) are left alone.
        bool foldLeet = digits > 0 && letters >= 3 && leetCandidate && !adjacentDigits;

        // Cyrillic and Greek look-alikes only in tokens that are otherwise Latin (rhіno with a Cyrillic і); a real
        // Russian or Greek word has letters without a Latin twin and stays as it is.
        bool foldLookAlikes = lookAlikes > 0 && otherLetters == 0 && asciiLetters > 0;

        int i2 = start;
        while (i2 < end)
        {
            char c = Clean(units[i2], foldLeet, foldLookAlikes);

            // Stretched letters (ivoryyy, rhinooo): three or more of the same letter read as one.
            int runEnd = i2 + 1;
            while (runEnd < end && Clean(units[runEnd], foldLeet, foldLookAlikes) == c)
            {
                runEnd++;
            }

            if (runEnd - i2 >= 3 && char.IsLetter(c))
            {
                output.Append(c, units[i2].Start, units[runEnd - 1].End);
                i2 = runEnd;
                continue;
            }

            output.Append(c, units[i2].Start, units[i2].End);
            i2++;
        }
    }

    private static char Clean(in TextNormalizer.Unit unit, bool foldLeet, bool foldLookAlikes)
    {
        char c = unit.Char;
        if (foldLeet && unit.Kind == TextNormalizer.UnitKind.Digit)
        {
            return LeetLetter(c);
        }

        if (foldLookAlikes && c > 0x7F)
        {
            char latin = LookAlikeLetter(c);
            return latin == '\0' ? c : latin;
        }

        return c;
    }

    private static char LeetLetter(char digit) => digit switch
    {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        _ => '\0',
    };

    /// <summary>Lower-case Cyrillic and Greek letters that look like a Latin letter.</summary>
    private static char LookAlikeLetter(char c) => c switch
    {
        'а' => 'a', 'в' => 'b', 'е' => 'e', 'ё' => 'e', 'к' => 'k', 'м' => 'm', 'н' => 'h', 'о' => 'o', 'р' => 'p',
        'с' => 'c', 'т' => 't', 'у' => 'y', 'х' => 'x', 'і' => 'i', 'ї' => 'i', 'ј' => 'j', 'ѕ' => 's', 'ԁ' => 'd',
        'ԛ' => 'q', 'ԝ' => 'w', 'һ' => 'h', 'ɡ' => 'g',
        'α' => 'a', 'β' => 'b', 'ε' => 'e', 'η' => 'n', 'ι' => 'i', 'κ' => 'k', 'ν' => 'v', 'ο' => 'o', 'ρ' => 'p',
        'τ' => 't', 'υ' => 'u', 'χ' => 'x', 'γ' => 'y', 'ω' => 'w',
        _ => '\0',
    };
}
