using System.Text;
using ListingScanner.Engine.Dictionary;

namespace ListingScanner.Engine.Tests.Dictionary;

public sealed class DictionaryLoaderTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Valid = """
        version: "2026.11.22-1"
        sources:
          cites: https://cites.org/eng/app/appendices.php
        entries:
          - id: ivory
            kind: product
            species: Loxodonta africana
            protection: {cites: I, china_class: I}
            note: elephant ivory
            terms:
              - {text: 象牙, lang: zh-Hans, source: cites}
              - {text: ivory, lang: en, source: https://example.org/ivory}
              - {text: xiangya, lang: pinyin, source: Beijing News 2019 ivory investigation}
          - id: signal.wechat
            kind: trade_signal
            strength: weak
            terms:
              - {text: 加V, lang: zh-Hans, source: cites}
          - id: mammoth
            kind: product
            review_only: true
            terms:
              - {text: 猛犸象牙, lang: zh-Hans, source: cites}
        """;

    private string LoadError(string content, string name = "dict.yaml")
    {
        string path = _files.Write(name, content);
        var ex = Assert.Throws<DictionaryLoadException>(() => DictionaryLoader.Load(path));
        return ex.Message.Replace(path, "FILE", StringComparison.Ordinal);
    }

    /// <summary>The valid document with one line replaced, for "everything fine except X" cases.</summary>
    private static string ValidWith(string oldLine, string newLine)
    {
        Assert.Contains(oldLine, Valid, StringComparison.Ordinal);
        return Valid.Replace(oldLine, newLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_yaml_file_loads_every_field()
    {
        string path = _files.Write("ok.yaml", Valid);
        var dictionary = DictionaryLoader.Load(path);

        Assert.Equal("2026.11.22-1", dictionary.Version);
        Assert.Equal(path, dictionary.SourcePath);
        Assert.Equal(["ivory", "signal.wechat", "mammoth"], dictionary.Entries.Select(e => e.Id));

        var ivory = dictionary.Entries[0];
        Assert.Equal(EntryKind.Product, ivory.Kind);
        Assert.Equal("Loxodonta africana", ivory.Species);
        Assert.Equal(new Protection("I", "I"), ivory.Protection);
        Assert.Equal(EntryStrength.Strong, ivory.Strength);
        Assert.False(ivory.ReviewOnly);
        Assert.Equal("elephant ivory", ivory.Note);
        Assert.Equal(new DictionaryTerm("象牙", "zh-Hans", "https://cites.org/eng/app/appendices.php"), ivory.Terms[0]);
        Assert.Equal(new DictionaryTerm("ivory", "en", "https://example.org/ivory"), ivory.Terms[1]);
        Assert.Equal("Beijing News 2019 ivory investigation", ivory.Terms[2].Source);

        Assert.Equal(EntryKind.TradeSignal, dictionary.Entries[1].Kind);
        Assert.Equal(EntryStrength.Weak, dictionary.Entries[1].Strength);
        Assert.Same(Protection.None, dictionary.Entries[1].Protection);
        Assert.True(dictionary.Entries[2].ReviewOnly);
    }

    [Fact]
    public void The_same_structure_loads_from_json()
    {
        string path = _files.Write("ok.json", """
            {
              "version": "7",
              "entries": [
                {"id": "rhino_horn", "kind": "product", "protection": {"cites": "I"},
                 "terms": [{"text": "犀角", "lang": "zh", "source": "https://example.org/rhino"}]},
                {"id": "allow.tower", "kind": "allow_phrase", "review_only": false,
                 "terms": [{"text": "象牙塔", "lang": "zh-Hans", "source": "research file, false-positive traps"}]}
              ]
            }
            """);
        var dictionary = DictionaryLoader.Load(path);

        Assert.Equal("7", dictionary.Version);
        Assert.Equal(new Protection("I", null), dictionary.Entries[0].Protection);
        Assert.Equal(EntryKind.AllowPhrase, dictionary.Entries[1].Kind);
        Assert.Equal("象牙塔", dictionary.Entries[1].Terms[0].Text);
    }

    [Fact]
    public void A_text_list_makes_one_strong_product_entry_per_line()
    {
        string path = _files.Write("banned.txt", "# platform list\n象牙\n\n  rhino horn  \r\n# end\n");
        var dictionary = DictionaryLoader.Load(path);

        Assert.Equal(["txt:2", "txt:4"], dictionary.Entries.Select(e => e.Id));
        Assert.All(dictionary.Entries, e => Assert.Equal(EntryKind.Product, e.Kind));
        Assert.All(dictionary.Entries, e => Assert.Equal(EntryStrength.Strong, e.Strength));
        Assert.Equal("rhino horn", dictionary.Entries[1].Terms.Single().Text);
        Assert.Null(dictionary.Entries[1].Terms.Single().Source);
        Assert.StartsWith("txt-", dictionary.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_list_version_changes_when_its_content_changes()
    {
        string a = DictionaryLoader.Load(_files.Write("a.txt", "象牙\n")).Version;
        string b = DictionaryLoader.Load(_files.Write("b.txt", "象牙\n犀角\n")).Version;
        string a2 = DictionaryLoader.Load(_files.Write("a2.txt", "象牙\n")).Version;
        Assert.NotEqual(a, b);
        Assert.Equal(a, a2);
    }

    [Fact]
    public void A_byte_order_mark_is_ignored()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        string path = _files.Write("bom.yaml", [.. bom, .. Encoding.UTF8.GetBytes(Valid)]);
        Assert.Equal(3, DictionaryLoader.Load(path).Entries.Count);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        string path = _files.PathOf("nope.yaml");
        var ex = Assert.Throws<DictionaryLoadException>(() => DictionaryLoader.Load(path));
        Assert.Equal($"{path}: file not found", ex.Message);
    }

    [Fact]
    public void An_unsupported_extension_lists_the_supported_ones()
    {
        Assert.Equal("FILE: unsupported file type '.csv' (use .yaml, .yml, .json or .txt)", LoadError("x", "dict.csv"));
    }

    [Fact]
    public void A_yaml_syntax_error_names_its_line()
    {
        string message = LoadError("version: 1\nentries:\n  - id: a\n    terms: [unclosed\n");
        Assert.StartsWith("FILE:", message, StringComparison.Ordinal);
        Assert.Contains("YAML syntax error:", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void A_bad_indentation_is_reported_on_the_offending_line()
    {
        string message = LoadError("version: 1\nentries:\n  - id: a\n   kind: product\n");
        Assert.StartsWith("FILE:4: YAML syntax error:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_syntax_error_names_its_line()
    {
        string message = LoadError("{\n  \"version\": \"1\",\n  \"entries\": [,]\n}", "dict.json");
        Assert.StartsWith("FILE:3: JSON syntax error:", message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_says_what_is_expected()
    {
        Assert.Equal("FILE:1: the file is empty; expected 'version' and 'entries'", LoadError("# only a comment\n"));
    }

    [Fact]
    public void A_missing_version_is_rejected()
    {
        Assert.Equal("FILE:2: missing required field 'version' at the top level",
            LoadError(ValidWith("version: \"2026.11.22-1\"\n", "# no version\n")));
    }

    [Fact]
    public void A_duplicate_id_names_both_lines()
    {
        Assert.Equal("FILE:19: duplicate id 'ivory' (first defined on line 5)",
            LoadError(ValidWith("  - id: mammoth", "  - id: ivory")));
    }

    [Fact]
    public void An_unknown_kind_lists_the_allowed_kinds()
    {
        Assert.Equal(
            "FILE:6: unknown kind 'produce' in entry 'ivory' (allowed: species, product, slang, trade_signal, negative_context, allow_phrase)",
            LoadError(ValidWith("kind: product\n    species", "kind: produce\n    species")));
    }

    [Fact]
    public void An_unknown_field_suggests_the_likely_one()
    {
        Assert.Equal(
            "FILE:7: unknown field 'specie' in an entry (did you mean 'species'?) (allowed: id, kind, species, protection, strength, review_only, role, note, terms)",
            LoadError(ValidWith("    species: Loxodonta", "    specie: Loxodonta")));
    }

    [Fact]
    public void A_negative_context_role_is_read_and_checked()
    {
        string withRole = Valid + """

              - id: context.antique
                kind: negative_context
                role: legal_claim
                terms:
                  - {text: 清代, lang: zh-Hans, source: cites}
            """;
        var entry = DictionaryLoader.Load(_files.Write("role.yaml", withRole)).Entries.Single(e => e.Id == "context.antique");
        Assert.Equal(ContextRole.LegalClaim, entry.Role);

        Assert.Equal(
            "FILE:26: bad role 'legal' in entry 'context.antique' (allowed: reporting, legal_claim, imitation, lookalike, negation)",
            LoadError(withRole.Replace("role: legal_claim", "role: legal", StringComparison.Ordinal)));
        Assert.Equal(
            "FILE:9: 'role' is only for negative_context entries (entry 'ivory')",
            LoadError(ValidWith("    note: elephant ivory", "    role: negation\n    note: elephant ivory")));
    }

    [Fact]
    public void An_unknown_field_in_a_term_is_rejected()
    {
        Assert.Equal(
            "FILE:11: unknown field 'language' in a term (allowed: text, lang, source)",
            LoadError(ValidWith("{text: 象牙, lang: zh-Hans", "{text: 象牙, language: zh-Hans")));
    }

    [Fact]
    public void A_bad_protection_value_lists_the_allowed_values()
    {
        Assert.Equal("FILE:8: bad protection cites 'IV' in entry 'ivory' (allowed: I, II, III)",
            LoadError(ValidWith("{cites: I, china_class: I}", "{cites: IV, china_class: I}")));
        Assert.Equal("FILE:8: bad protection china_class 'III' in entry 'ivory' (allowed: I, II)",
            LoadError(ValidWith("{cites: I, china_class: I}", "{cites: I, china_class: III}")));
    }

    [Fact]
    public void A_bad_strength_or_review_flag_is_rejected()
    {
        Assert.Equal("FILE:16: bad strength 'weakish' in entry 'signal.wechat' (allowed: strong, weak)",
            LoadError(ValidWith("strength: weak", "strength: weakish")));
        Assert.Equal("FILE:21: bad review_only 'yes' in entry 'mammoth' (allowed: true, false)",
            LoadError(ValidWith("review_only: true", "review_only: yes")));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("")]
    public void An_empty_or_whitespace_term_is_rejected(string text)
    {
        Assert.Equal("FILE:11: empty term text in entry 'ivory'",
            LoadError(ValidWith("{text: 象牙, lang", "{text: " + text + ", lang")));
    }

    [Fact]
    public void A_term_without_a_source_is_rejected()
    {
        Assert.Equal("FILE:11: missing source for term '象牙' in entry 'ivory'",
            LoadError(ValidWith("{text: 象牙, lang: zh-Hans, source: cites}", "{text: 象牙, lang: zh-Hans}")));
    }

    [Fact]
    public void A_source_that_is_neither_url_nor_citation_nor_a_known_name_is_rejected()
    {
        Assert.Equal(
            "FILE:11: unknown source 'cities': not a URL, not a citation, and not a name under 'sources' (did you mean 'cites'?)",
            LoadError(ValidWith("{text: 象牙, lang: zh-Hans, source: cites}", "{text: 象牙, lang: zh-Hans, source: cities}")));
    }

    [Fact]
    public void An_unknown_language_suggests_the_right_spelling()
    {
        string message = LoadError(ValidWith("{text: 象牙, lang: zh-Hans", "{text: 象牙, lang: zh-hans"));
        Assert.StartsWith("FILE:11: unknown lang 'zh-hans' for term '象牙' (did you mean 'zh-Hans'?) (allowed: zh, zh-Hans,",
            message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_term_repeated_in_one_entry_names_both_lines()
    {
        Assert.Equal("FILE:13: term 'IVORY' appears twice in entry 'ivory' (also on line 12)",
            LoadError(ValidWith("{text: xiangya, lang: pinyin", "{text: IVORY, lang: en")));
    }

    [Fact]
    public void A_full_width_spelling_counts_as_the_same_term()
    {
        Assert.Equal("FILE:13: term 'ｉｖｏｒｙ' appears twice in entry 'ivory' (also on line 12)",
            LoadError(ValidWith("{text: xiangya, lang: pinyin", "{text: ｉｖｏｒｙ, lang: en")));
    }

    [Fact]
    public void A_bad_id_is_rejected()
    {
        Assert.Equal("FILE:5: bad id 'Ivory Bangle' (use lower-case letters, digits, '_', '.' and '-')",
            LoadError(ValidWith("  - id: ivory", "  - id: Ivory Bangle")));
    }

    [Fact]
    public void A_repeated_field_names_both_lines()
    {
        Assert.Equal("FILE:7: duplicate field 'kind' (also on line 6)",
            LoadError(ValidWith("    species: Loxodonta africana", "    kind: species")));
    }

    [Fact]
    public void Invalid_utf8_in_a_text_list_names_the_line()
    {
        byte[] content = [.. Encoding.UTF8.GetBytes("象牙\n犀角\n"), 0xE8, 0x41, (byte)'\n'];
        string path = _files.Write("bad.txt", content);
        var ex = Assert.Throws<DictionaryLoadException>(() => DictionaryLoader.Load(path));
        Assert.Equal($"{path}:3: invalid UTF-8 (save the file as UTF-8)", ex.Message);
    }

    [Fact]
    public void A_repeated_line_in_a_text_list_names_both_lines()
    {
        Assert.Equal("FILE:3: term '象牙' appears twice (also on line 1)", LoadError("象牙\n犀角\n象牙\n", "list.txt"));
    }

    [Fact]
    public void A_text_list_with_no_terms_is_rejected()
    {
        Assert.Equal("FILE:1: no terms (every line is blank or a '#' comment)", LoadError("# nothing\n\n", "list.txt"));
    }

    [Fact]
    public void Json_errors_use_the_same_messages_and_lines()
    {
        Assert.Equal("FILE:3: unknown kind 'animal' in entry 'a' (allowed: species, product, slang, trade_signal, negative_context, allow_phrase)",
            LoadError("""
                {"version": "1", "entries": [
                  {"id": "a",
                   "kind": "animal", "terms": [{"text": "x", "lang": "en", "source": "a citation"}]}
                ]}
                """, "dict.json"));
    }
}
