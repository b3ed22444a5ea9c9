using System.Security.Cryptography;
using System.Text;

namespace ListingScanner.Engine.Dictionary;

/// <summary>
/// Reads a platform's own banned-term list: one term per line, '#' starts a comment line, blank lines are ignored.
/// Such lists carry no metadata, so each line becomes a strong <see cref="EntryKind.Product"/> entry with id
/// "txt:LINE": a platform that bans a term wants it treated like a named wildlife product (still subject to the
/// scorer's trade-intent and negative-context rules), and the line number lets an analyst find it again.
/// </summary>
internal static class TermListReader
{
    public static WildlifeDictionary Read(string file, string text, byte[] rawBytes)
    {
        var entries = new List<DictionaryEntry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            string term = lines[i].Trim();
            if (term.Length == 0 || term.StartsWith('#'))
            {
                continue;
            }

            string key = term.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
            if (seen.TryGetValue(key, out int firstLine))
            {
                throw DictionaryErrors.At(file, lineNumber, $"term '{term}' appears twice (also on line {firstLine})");
            }

            seen[key] = lineNumber;
            entries.Add(new DictionaryEntry
            {
                Id = "txt:" + lineNumber,
                Kind = EntryKind.Product,
                Strength = EntryStrength.Strong,
                Terms = [new DictionaryTerm(term, "und", null)],
            });
        }

        if (entries.Count == 0)
        {
            throw DictionaryErrors.At(file, 1, "no terms (every line is blank or a '#' comment)");
        }

        // A term list has no version line; a content hash changes exactly when the list does, which is what
        // verdicts need to say which list produced them.
        string version = "txt-" + Convert.ToHexStringLower(SHA256.HashData(rawBytes))[..12];
        return new WildlifeDictionary { Version = version, Entries = entries, SourcePath = file };
    }
}
