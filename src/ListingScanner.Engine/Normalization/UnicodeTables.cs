using System.Buffers.Binary;
using System.Reflection;
using System.Text;

namespace ListingScanner.Engine.Normalization;

/// <summary>
/// The generated tables (see Tables/generate_tables.py), loaded once from embedded resources into flat 64K arrays so
/// every lookup on the hot path is one array index.
/// </summary>
internal static class UnicodeTables
{
    /// <summary>Traditional to Simplified, per BMP char; identity where there is no mapping.</summary>
    public static readonly char[] Simplified = LoadCharMap("traditional-to-simplified.bin");

    /// <summary>Homophone representative per BMP char (same Mandarin reading with tone); identity elsewhere.</summary>
    public static readonly char[] HomophoneRepresentative = LoadCharMap("homophones.bin");

    /// <summary>Animal and body emoji (as a code point) to their Chinese name, e.g. 🐘 -> 大象.</summary>
    public static readonly Dictionary<int, string> EmojiNames = LoadEmojiNames();

    private static char[] LoadCharMap(string name)
    {
        var map = new char[65536];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = (char)i;
        }

        byte[] pairs = ReadResource(name);
        for (int offset = 0; offset + 4 <= pairs.Length; offset += 4)
        {
            char from = (char)BinaryPrimitives.ReadUInt16LittleEndian(pairs.AsSpan(offset));
            char to = (char)BinaryPrimitives.ReadUInt16LittleEndian(pairs.AsSpan(offset + 2));
            map[from] = to;
        }

        return map;
    }

    private static Dictionary<int, string> LoadEmojiNames()
    {
        var names = new Dictionary<int, string>();
        string text = Encoding.UTF8.GetString(ReadResource("emoji-zh.txt"));
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            names[char.ConvertToUtf32(line, 0)] = line[(tab + 1)..].TrimEnd('\r');
        }

        return names;
    }

    private static byte[] ReadResource(string name)
    {
        var assembly = typeof(UnicodeTables).Assembly;
        using Stream stream = assembly.GetManifestResourceStream("ListingScanner.Engine.Normalization.Tables." + name)
            ?? throw new InvalidOperationException($"embedded table '{name}' is missing from {assembly.GetName().Name}");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
