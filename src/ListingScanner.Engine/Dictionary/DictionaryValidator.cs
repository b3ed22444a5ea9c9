using System.Text;
using System.Text.RegularExpressions;

namespace ListingScanner.Engine.Dictionary;

/// <summary>
/// Turns a parsed YAML/JSON tree into a <see cref="WildlifeDictionary"/>, rejecting anything an analyst could get
/// wrong with a message that names the line. Strict on purpose: a typo in a field name must not silently drop data.
/// </summary>
internal static partial class DictionaryValidator
{
    private static readonly string[] TopFields = ["version", "sources", "entries"];
    private static readonly string[] EntryFields = ["id", "kind", "species", "protection", "strength", "review_only", "role", "note", "terms"];
    private static readonly string[] TermFields = ["text", "lang", "source"];
    private static readonly string[] ProtectionFields = ["cites", "china_class"];
    private static readonly string[] CitesValues = ["I", "II", "III"];
    private static readonly string[] ChinaClassValues = ["I", "II"];
    private static readonly string[] StrengthValues = ["strong", "weak"];
    private static readonly string[] RoleValues = ["reporting", "legal_claim", "imitation", "lookalike", "negation"];
    private static readonly string[] BoolValues = ["true", "false"];

    private static readonly (string Name, EntryKind Kind)[] Kinds =
    [
        ("species", EntryKind.Species),
        ("product", EntryKind.Product),
        ("slang", EntryKind.Slang),
        ("trade_signal", EntryKind.TradeSignal),
        ("negative_context", EntryKind.NegativeContext),
        ("allow_phrase", EntryKind.AllowPhrase),
    ];

    /// <summary>
    /// Language tags the scanner knows. A closed list so that "zh-hans" or "zh_Hans" is caught as a typo; add a tag
    /// here when a new market language is needed.
    /// </summary>
    internal static readonly string[] Languages =
    [
        "zh", "zh-Hans", "zh-Hant", "en", "vi", "id", "ms", "th", "la", "pinyin", "emoji", "ja", "ko", "km", "lo", "my",
        "tl", "hi", "fr", "de", "es", "pt", "ru", "ar", "sw", "yo",
    ];

    [GeneratedRegex("^[a-z0-9_.-]+$")]
    private static partial Regex IdPattern();

    public static WildlifeDictionary Validate(string file, DocNode? root)
    {
        if (root is null)
        {
            throw DictionaryErrors.At(file, 1, "the file is empty; expected 'version' and 'entries'");
        }

        var top = AsMapping(file, root, "the top level", "a mapping with 'version' and 'entries'");
        CheckFields(file, top, TopFields, "at the top level");

        string version = RequiredText(file, top, "version", "at the top level");
        var sources = ReadSources(file, Find(top, "sources"));

        var entriesField = Find(top, "entries")
            ?? throw DictionaryErrors.At(file, top.Line, "missing required field 'entries' at the top level");
        if (entriesField.Value is not DocSequence list || list.Items.Count == 0)
        {
            throw DictionaryErrors.At(file, entriesField.Line, "'entries' must be a non-empty list of entries");
        }

        var entries = new List<DictionaryEntry>(list.Items.Count);
        var idLines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            var entry = ReadEntry(file, item, sources);
            if (idLines.TryGetValue(entry.Id, out int firstLine))
            {
                throw DictionaryErrors.At(file, item.Line, $"duplicate id '{entry.Id}' (first defined on line {firstLine})");
            }

            idLines[entry.Id] = item.Line;
            entries.Add(entry);
        }

        return new WildlifeDictionary { Version = version, Entries = entries, SourcePath = file };
    }

    /// <summary>
    /// The optional top-level 'sources' map: short names for long citations, so a URL cited by fifty terms is written
    /// once. Values must themselves be a URL or a citation.
    /// </summary>
    private static Dictionary<string, string> ReadSources(string file, DocField? field)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        if (field is null || field.Value is DocScalar { Value: null })
        {
            return sources;
        }

        var map = AsMapping(file, field.Value, "'sources'", "a mapping of short names to URLs or citations");
        foreach (var source in map.Fields)
        {
            string value = ScalarText(file, source, "source '" + source.Key + "'");
            if (!IsUrlOrCitation(value))
            {
                throw DictionaryErrors.At(file, source.Line, $"source '{source.Key}' must be a URL or a citation, not '{value}'");
            }

            CheckUrl(file, source.Line, value);
            sources[source.Key] = value;
        }

        return sources;
    }

    private static DictionaryEntry ReadEntry(string file, DocNode node, Dictionary<string, string> sources)
    {
        var map = AsMapping(file, node, "an entry", "a mapping with 'id', 'kind' and 'terms'");
        CheckFields(file, map, EntryFields, "in an entry");

        string id = RequiredText(file, map, "id", "in an entry");
        if (!IdPattern().IsMatch(id))
        {
            throw DictionaryErrors.At(file, Find(map, "id")!.Line, $"bad id '{id}' (use lower-case letters, digits, '_', '.' and '-')");
        }

        string where = $"entry '{id}'";
        var kindField = Find(map, "kind") ?? throw DictionaryErrors.At(file, map.Line, $"missing required field 'kind' in {where}");
        string kindText = ScalarText(file, kindField, "'kind'");
        int kindIndex = Array.FindIndex(Kinds, k => k.Name == kindText);
        if (kindIndex < 0)
        {
            throw DictionaryErrors.At(file, kindField.Line,
                $"unknown kind '{kindText}' in {where} (allowed: {string.Join(", ", Kinds.Select(k => k.Name))})");
        }

        var strength = OptionalChoice(file, map, "strength", StrengthValues, where) is "weak" ? EntryStrength.Weak : EntryStrength.Strong;
        bool reviewOnly = OptionalChoice(file, map, "review_only", BoolValues, where) is "true";
        var role = ReadRole(file, map, Kinds[kindIndex].Kind, where);

        return new DictionaryEntry
        {
            Id = id,
            Kind = Kinds[kindIndex].Kind,
            Species = OptionalText(file, map, "species"),
            Protection = ReadProtection(file, Find(map, "protection"), where),
            Strength = strength,
            ReviewOnly = reviewOnly,
            Role = role,
            Note = OptionalText(file, map, "note"),
            Terms = ReadTerms(file, map, where, sources),
        };
    }

    /// <summary>The optional 'role' of a negative-context entry; any other kind with a role is a mistake worth naming.</summary>
    private static ContextRole ReadRole(string file, DocMapping map, EntryKind kind, string where)
    {
        string? role = OptionalChoice(file, map, "role", RoleValues, where);
        if (role is null)
        {
            return ContextRole.Reporting;
        }

        if (kind != EntryKind.NegativeContext)
        {
            throw DictionaryErrors.At(file, Find(map, "role")!.Line, $"'role' is only for negative_context entries ({where})");
        }

        return role switch
        {
            "legal_claim" => ContextRole.LegalClaim,
            "imitation" => ContextRole.Imitation,
            "lookalike" => ContextRole.Lookalike,
            "negation" => ContextRole.Negation,
            _ => ContextRole.Reporting,
        };
    }

    private static Protection ReadProtection(string file, DocField? field, string where)
    {
        if (field is null || field.Value is DocScalar { Value: null })
        {
            return Protection.None;
        }

        var map = AsMapping(file, field.Value, "'protection'", "a mapping like {cites: I, china_class: II}");
        CheckFields(file, map, ProtectionFields, "in 'protection'");
        string? cites = OptionalChoice(file, map, "cites", CitesValues, where, "protection cites");
        string? chinaClass = OptionalChoice(file, map, "china_class", ChinaClassValues, where, "protection china_class");
        return cites is null && chinaClass is null ? Protection.None : new Protection(cites, chinaClass);
    }

    private static List<DictionaryTerm> ReadTerms(string file, DocMapping entry, string where, Dictionary<string, string> sources)
    {
        var field = Find(entry, "terms") ?? throw DictionaryErrors.At(file, entry.Line, $"missing required field 'terms' in {where}");
        if (field.Value is not DocSequence list || list.Items.Count == 0)
        {
            throw DictionaryErrors.At(file, field.Line, $"'terms' in {where} must be a non-empty list");
        }

        var terms = new List<DictionaryTerm>(list.Items.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            var map = AsMapping(file, item, "a term", "a mapping like {text: 象牙, lang: zh-Hans, source: ...}");
            CheckFields(file, map, TermFields, "in a term");

            var textField = Find(map, "text") ?? throw DictionaryErrors.At(file, map.Line, $"a term in {where} has no 'text'");
            string text = (textField.Value as DocScalar)?.Value?.Trim() ?? "";
            if (text.Length == 0)
            {
                throw DictionaryErrors.At(file, textField.Line, $"empty term text in {where}");
            }

            var langField = Find(map, "lang") ?? throw DictionaryErrors.At(file, map.Line, $"missing 'lang' for term '{text}' in {where}");
            string lang = ScalarText(file, langField, "'lang'");
            if (!Languages.Contains(lang, StringComparer.Ordinal))
            {
                throw DictionaryErrors.At(file, langField.Line,
                    $"unknown lang '{lang}' for term '{text}'{Suggest(lang, Languages)} (allowed: {string.Join(", ", Languages)})");
            }

            var sourceField = Find(map, "source");
            string? source = sourceField is null ? null : (sourceField.Value as DocScalar)?.Value?.Trim();
            if (string.IsNullOrEmpty(source))
            {
                throw DictionaryErrors.At(file, sourceField?.Line ?? map.Line, $"missing source for term '{text}' in {where}");
            }

            source = ResolveSource(file, sourceField!.Line, source, sources);

            // Two spellings that differ only in width or case are the same term once the scanner normalises them.
            string key = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
            if (seen.TryGetValue(key, out int firstLine))
            {
                throw DictionaryErrors.At(file, textField.Line, $"term '{text}' appears twice in {where} (also on line {firstLine})");
            }

            seen[key] = textField.Line;
            terms.Add(new DictionaryTerm(text, lang, source));
        }

        return terms;
    }

    /// <summary>A source is a URL, a citation (text with spaces), or the short name of one under 'sources'.</summary>
    private static string ResolveSource(string file, int line, string source, Dictionary<string, string> sources)
    {
        if (sources.TryGetValue(source, out var resolved))
        {
            return resolved;
        }

        if (!IsUrlOrCitation(source))
        {
            throw DictionaryErrors.At(file, line,
                $"unknown source '{source}': not a URL, not a citation, and not a name under 'sources'{Suggest(source, sources.Keys)}");
        }

        CheckUrl(file, line, source);
        return source;
    }

    private static bool IsUrlOrCitation(string value) => value.Contains("://", StringComparison.Ordinal) || value.Any(char.IsWhiteSpace);

    private static void CheckUrl(string file, int line, string value)
    {
        if (value.Contains("://", StringComparison.Ordinal) && !value.Any(char.IsWhiteSpace)
            && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw DictionaryErrors.At(file, line, $"bad source URL '{value}' (expected http:// or https://)");
        }
    }

    private static void CheckFields(string file, DocMapping map, string[] allowed, string what)
    {
        foreach (var field in map.Fields)
        {
            if (!allowed.Contains(field.Key, StringComparer.Ordinal))
            {
                throw DictionaryErrors.At(file, field.Line,
                    $"unknown field '{field.Key}' {what}{Suggest(field.Key, allowed)} (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    private static DocMapping AsMapping(string file, DocNode node, string what, string expected) =>
        node as DocMapping ?? throw DictionaryErrors.At(file, node.Line, $"{what} must be {expected}");

    private static DocField? Find(DocMapping map, string key)
    {
        foreach (var field in map.Fields)
        {
            if (field.Key == key)
            {
                return field;
            }
        }

        return null;
    }

    private static string ScalarText(string file, DocField field, string what) =>
        field.Value is DocScalar { Value: { } value } && value.Trim().Length > 0
            ? value.Trim()
            : throw DictionaryErrors.At(file, field.Line, $"{what} must be a non-empty text value");

    private static string RequiredText(string file, DocMapping map, string key, string where)
    {
        var field = Find(map, key) ?? throw DictionaryErrors.At(file, map.Line, $"missing required field '{key}' {where}");
        return ScalarText(file, field, $"'{key}'");
    }

    private static string? OptionalText(string file, DocMapping map, string key)
    {
        var field = Find(map, key);
        if (field is null || field.Value is DocScalar { Value: null })
        {
            return null;
        }

        return ScalarText(file, field, $"'{key}'");
    }

    private static string? OptionalChoice(string file, DocMapping map, string key, string[] allowed, string where, string? label = null)
    {
        string? value = OptionalText(file, map, key);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw DictionaryErrors.At(file, Find(map, key)!.Line,
                $"bad {label ?? key} '{value}' in {where} (allowed: {string.Join(", ", allowed)})");
        }

        return value;
    }

    /// <summary>" (did you mean 'x'?)" when a known name is within two edits of what was written.</summary>
    private static string Suggest(string written, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = 3;
        foreach (var candidate in known)
        {
            int distance = EditDistance(written.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is null ? "" : $" (did you mean '{best}'?)";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
