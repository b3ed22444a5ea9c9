namespace ListingScanner.Engine.Scoring;

/// <summary>
/// Finds trade-intent signals that are patterns rather than words: a stated price (¥2800, 2800元, $150, 150 USD,
/// 1.2m VND, Rp 500rb) and a weight in grams or kilograms (ivory and scales are priced by weight, so "500g" next to a
/// wildlife term is a strong sign of trade). Runs over normalised text (lower-case, half-width), one pass, no allocation.
/// </summary>
public static class TradeIntentDetector
{
    /// <summary>What the pass found.</summary>
    public readonly record struct Signals(bool HasPrice, bool HasWeight);

    public static Signals Detect(ReadOnlySpan<char> text)
    {
        bool price = false;
        bool weight = false;
        int i = 0;
        while (i < text.Length && !(price && weight))
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || ((text[i] == '.' || text[i] == ',') && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))))
            {
                i++;
            }

            // A number glued to letters on its left is part of a code (iphone13, a4, x60): not a price or weight.
            if (start > 0 && char.IsAsciiLetter(text[start - 1]) && !IsCurrencyPrefix(text[..start]))
            {
                continue;
            }

            ReadOnlySpan<char> before = text[..start].TrimEnd(' ');
            ReadOnlySpan<char> after = SkipMultiplier(text[i..]).TrimStart(' ');
            if (IsCurrencyPrefix(before) || IsCurrencySuffix(after))
            {
                price = true;
            }
            else if (IsWeightSuffix(after))
            {
                weight = true;
            }
        }

        return new Signals(price, weight);
    }

    private static ReadOnlySpan<char> SkipMultiplier(ReadOnlySpan<char> after)
    {
        // 2.8k, 2.8w, 3万, 5千, 1.2m, 500rb (Indonesian ribu): a multiplier may sit between number and currency.
        if (after.Length > 0 && after[0] is 'k' or 'w' or '万' or '千' or 'm')
        {
            return after[1..];
        }

        return after.StartsWith("rb") ? after[2..] : after;
    }

    private static bool IsCurrencyPrefix(ReadOnlySpan<char> before)
    {
        if (before.IsEmpty)
        {
            return false;
        }

        char last = before[^1];
        if (last is '¥' or '$' or '€' or '£' or '₫' or '฿')
        {
            return true;
        }

        return before.EndsWith("rmb") || before.EndsWith("cny") || before.EndsWith("usd") || before.EndsWith("rp")
            || before.EndsWith("rp.") || before.EndsWith("hkd") || before.EndsWith("ntd") || before.EndsWith("nt")
            || before.EndsWith("vnd") || before.EndsWith("价") || before.EndsWith("价格") || before.EndsWith("售价")
            || before.EndsWith("price") || before.EndsWith("price:") || before.EndsWith("价:") || before.EndsWith("价格:");
    }

    private static bool IsCurrencySuffix(ReadOnlySpan<char> after)
    {
        if (after.IsEmpty)
        {
            return false;
        }

        char first = after[0];
        if (first is '元' or '块' or '¥' or '$' or '€' or '₫' or 'đ' or '฿' or '刀')
        {
            return true;
        }

        return after.StartsWith("rmb") || after.StartsWith("cny") || after.StartsWith("usd") || after.StartsWith("vnd")
            || after.StartsWith("dollar") || after.StartsWith("hkd") || after.StartsWith("eur") || after.StartsWith("baht")
            || after.StartsWith("rupiah") || after.StartsWith("dong") || after.StartsWith("triệu") || after.StartsWith("nghìn");
    }

    private static bool IsWeightSuffix(ReadOnlySpan<char> after)
    {
        if (after.IsEmpty)
        {
            return false;
        }

        if (after[0] is '克' || after.StartsWith("公斤") || after.StartsWith("斤") || after.StartsWith("两"))
        {
            return true;
        }

        // g, kg, gram(s), gr — but not "gb" (storage) or a longer word starting with g ("gold").
        ReadOnlySpan<char> unit = after;
        int letters = 0;
        while (letters < unit.Length && char.IsAsciiLetter(unit[letters]))
        {
            letters++;
        }

        unit = unit[..letters];
        return unit is "g" or "kg" or "gr" or "gram" or "grams" or "gm" or "lb" or "lbs" or "oz";
    }
}
