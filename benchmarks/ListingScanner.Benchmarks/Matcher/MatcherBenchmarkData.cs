using System.Text;

namespace ListingScanner.Benchmarks.Matcher;

/// <summary>
/// Deterministic benchmark data for the matcher: a 5,000-term dictionary (3,800 Chinese terms of 2–6 characters,
/// 1,200 English terms and phrases of 3–20 characters) and listing-like normalised text of an exact UTF-8 size.
/// Same seed, same bytes, on every machine: the expected match counts in benchmarks/README.md depend on it.
/// </summary>
/// <remarks>
/// The text is mostly Chinese drawn from a Zipf-like distribution over 3,000 characters, with English words,
/// prices and numbers mixed in, and a dictionary term planted on average every ~300 UTF-8 bytes. The dictionary's
/// characters come from the same 3,000, so most text characters can start a term: that is the pessimistic case for
/// the automaton's root skip loop, and it keeps the benchmark about the transition loop itself.
/// </remarks>
internal sealed class MatcherBenchmarkData
{
    public const ulong DefaultSeed = 20_261_122;
    public const int DefaultTextUtf8Bytes = 64 * 1024 * 1024;
    public const int ChineseTermCount = 3_800;

    /// <summary>A few real terms from the domain, so the dictionary is not purely synthetic.</summary>
    private static readonly string[] RealChineseTerms =
    [
        "象牙", "象牙手镯", "猛犸象牙", "老象牙", "犀角", "犀牛角", "犀角杯", "穿山甲", "穿山甲片", "虎骨", "虎皮", "虎牙",
        "鹤顶红", "盔犀鸟", "玳瑁", "熊胆", "羚羊角", "牙雕", "象牙筷", "虎骨酒",
    ];

    private static readonly string[] RealEnglishTerms =
    [
        "ivory", "ivory bangle", "mammoth ivory", "rhino horn", "rhino horn cup", "pangolin", "pangolin scales",
        "tiger bone", "tiger skin", "tiger tooth", "hornbill casque", "helmeted hornbill", "tortoiseshell",
        "bear bile", "antelope horn", "elephant tusk",
    ];

    private static readonly string[] CommonEnglishWords =
    [
        "sale", "new", "free", "shipping", "price", "genuine", "old", "collection", "antique", "carving", "bracelet",
        "necklace", "pendant", "gift", "wechat", "contact", "stock", "real", "natural", "vintage", "handmade",
    ];

    private MatcherBenchmarkData(string[] terms, string text)
    {
        Terms = terms;
        Text = text;
    }

    /// <summary>The dictionary: Chinese terms first, then English; all distinct.</summary>
    public string[] Terms { get; }

    /// <summary>Normalised listing-like text, exactly the requested number of UTF-8 bytes.</summary>
    public string Text { get; }

    public static MatcherBenchmarkData Generate(ulong seed = DefaultSeed, int textUtf8Bytes = DefaultTextUtf8Bytes)
    {
        var generator = new Generator(seed);
        char[] chinesePool = generator.ChineseCharacterPool(3_000);
        string[] englishTermWords = generator.PseudoWords(400, exclude: []);
        string[] englishTextWords = generator.PseudoWords(2_000, exclude: [.. englishTermWords]);
        string[] terms =
        [
            .. generator.ChineseTerms(chinesePool, ChineseTermCount),
            .. generator.EnglishTerms(englishTermWords, 1_200),
        ];
        string text = generator.ListingText(terms, chinesePool, englishTextWords, textUtf8Bytes);
        return new MatcherBenchmarkData(terms, text);
    }

    /// <summary>
    /// <paramref name="count"/> synthetic terms for the build benchmark: 70% Chinese (2–8 characters over the whole
    /// CJK block, so the alphabet is large), 30% Latin words and phrases (3–24 characters).
    /// </summary>
    public static string[] SyntheticTerms(int count, ulong seed = DefaultSeed) => new Generator(seed).SyntheticTerms(count);

    private sealed class Generator(ulong seed)
    {
        private readonly SplitMix64 _random = new(seed);

        public string[] SyntheticTerms(int count)
        {
            var terms = new List<string>(count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var builder = new StringBuilder();
            while (terms.Count < count)
            {
                builder.Clear();
                if (_random.NextInt(10) < 7)
                {
                    int length = 2 + _random.NextInt(7);
                    for (int i = 0; i < length; i++)
                    {
                        builder.Append((char)(0x4E00 + _random.NextInt(0x9FA5 - 0x4E00 + 1)));
                    }
                }
                else
                {
                    int length = 3 + _random.NextInt(22);
                    while (builder.Length < length)
                    {
                        if (builder.Length > 0)
                        {
                            builder.Append(' ');
                        }

                        builder.Append(PseudoWord());
                    }
                }

                string term = builder.ToString();
                if (seen.Add(term))
                {
                    terms.Add(term);
                }
            }

            return [.. terms];
        }

        public char[] ChineseCharacterPool(int size)
        {
            var pool = new List<char>();
            var seen = new HashSet<char>();
            foreach (string term in RealChineseTerms)
            {
                foreach (char c in term)
                {
                    if (seen.Add(c))
                    {
                        pool.Add(c);
                    }
                }
            }

            while (pool.Count < size)
            {
                char c = (char)(0x4E00 + _random.NextInt(0x9FA5 - 0x4E00 + 1));
                if (seen.Add(c))
                {
                    pool.Add(c);
                }
            }

            // Shuffle so the real terms' characters are not all at the frequent head of the Zipf distribution.
            for (int i = pool.Count - 1; i > 0; i--)
            {
                int j = _random.NextInt(i + 1);
                (pool[i], pool[j]) = (pool[j], pool[i]);
            }

            return [.. pool];
        }

        public List<string> ChineseTerms(char[] pool, int count)
        {
            var terms = new List<string>(RealChineseTerms);
            var seen = new HashSet<string>(terms, StringComparer.Ordinal);
            var builder = new StringBuilder();
            while (terms.Count < count)
            {
                // Lengths 2–6, short ones most common, as in real product-term lists.
                int length = _random.NextInt(100) switch { < 30 => 2, < 60 => 3, < 85 => 4, < 95 => 5, _ => 6 };
                builder.Clear();
                for (int i = 0; i < length; i++)
                {
                    builder.Append(pool[_random.NextInt(pool.Length)]);
                }

                if (seen.Add(builder.ToString()))
                {
                    terms.Add(builder.ToString());
                }
            }

            return terms;
        }

        public List<string> EnglishTerms(string[] words, int count)
        {
            var terms = new List<string>(RealEnglishTerms);
            var seen = new HashSet<string>(terms, StringComparer.Ordinal);
            var builder = new StringBuilder();
            while (terms.Count < count)
            {
                builder.Clear();
                int wordCount = _random.NextInt(2) == 0 ? 1 : 2 + _random.NextInt(2);
                for (int i = 0; i < wordCount; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(' ');
                    }

                    builder.Append(words[_random.NextInt(words.Length)]);
                }

                string term = builder.ToString();
                if (term.Length is >= 3 and <= 20 && seen.Add(term))
                {
                    terms.Add(term);
                }
            }

            return terms;
        }

        public string[] PseudoWords(int count, HashSet<string> exclude)
        {
            var words = new List<string>(count);
            var seen = new HashSet<string>(exclude, StringComparer.Ordinal);
            while (words.Count < count)
            {
                string word = PseudoWord();
                if (seen.Add(word))
                {
                    words.Add(word);
                }
            }

            return [.. words];
        }

        /// <summary>A pronounceable lower-case word of 2–4 syllables (4–12 letters).</summary>
        private string PseudoWord()
        {
            const string consonants = "bcdfghjklmnprstvwxz";
            const string vowels = "aeiouy";
            int syllables = 2 + _random.NextInt(3);
            var builder = new StringBuilder();
            for (int i = 0; i < syllables; i++)
            {
                builder.Append(consonants[_random.NextInt(consonants.Length)]);
                builder.Append(vowels[_random.NextInt(vowels.Length)]);
                if (_random.NextInt(3) == 0)
                {
                    builder.Append(consonants[_random.NextInt(consonants.Length)]);
                }
            }

            return builder.ToString();
        }

        public string ListingText(string[] terms, char[] chinesePool, string[] englishWords, int textUtf8Bytes)
        {
            double[] zipfCumulative = ZipfCumulativeWeights(chinesePool.Length);
            var text = new StringBuilder(textUtf8Bytes / 2);
            var segment = new StringBuilder();
            int utf8Bytes = 0;
            while (true)
            {
                segment.Clear();
                int kind = _random.NextInt(100);
                if (kind < 70)
                {
                    // A run of Chinese, like a title or a description sentence.
                    int length = 4 + _random.NextInt(27);
                    for (int i = 0; i < length; i++)
                    {
                        segment.Append(chinesePool[SampleZipf(zipfCumulative)]);
                    }
                }
                else if (kind < 82)
                {
                    segment.Append(_random.NextInt(4) == 0
                        ? CommonEnglishWords[_random.NextInt(CommonEnglishWords.Length)]
                        : englishWords[_random.NextInt(englishWords.Length)]);
                }
                else if (kind < 90)
                {
                    segment.Append('¥').Append(1 + _random.NextInt(99_999));
                }
                else if (kind < 96)
                {
                    segment.Append(_random.NextInt(1_000_000));
                }
                else
                {
                    // Roughly one planted term per ~300 UTF-8 bytes of text; three Chinese for one English.
                    segment.Append(_random.NextInt(4) == 0
                        ? terms[ChineseTermCount + _random.NextInt(terms.Length - ChineseTermCount)]
                        : terms[_random.NextInt(ChineseTermCount)]);
                }

                segment.Append(_random.NextInt(8) == 0 ? '\n' : ' ');
                int segmentBytes = Encoding.UTF8.GetByteCount(segment.ToString());
                if (utf8Bytes + segmentBytes > textUtf8Bytes)
                {
                    break;
                }

                text.Append(segment);
                utf8Bytes += segmentBytes;
            }

            // Pad with spaces to the exact size, so throughput is bytes / time with a known byte count.
            text.Append(' ', textUtf8Bytes - utf8Bytes);
            return text.ToString();
        }

        private static double[] ZipfCumulativeWeights(int count)
        {
            var cumulative = new double[count];
            double total = 0;
            for (int rank = 0; rank < count; rank++)
            {
                total += 1.0 / (rank + 1);
                cumulative[rank] = total;
            }

            for (int rank = 0; rank < count; rank++)
            {
                cumulative[rank] /= total;
            }

            return cumulative;
        }

        private int SampleZipf(double[] cumulative)
        {
            int index = Array.BinarySearch(cumulative, _random.NextDouble());
            return Math.Min(index >= 0 ? index : ~index, cumulative.Length - 1);
        }
    }

    /// <summary>SplitMix64: tiny, fast, and fully specified, so the data never depends on System.Random's version.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, exclusiveMax); the modulo bias is irrelevant for benchmark data.</summary>
        public int NextInt(int exclusiveMax) => (int)(Next() % (ulong)exclusiveMax);

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
    }
}
