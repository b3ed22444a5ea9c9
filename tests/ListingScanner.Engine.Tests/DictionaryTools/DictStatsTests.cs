using System.Text.Json;
using ListingScanner.DictionaryTools;
using ListingScanner.Engine.Tests.Dictionary;

namespace ListingScanner.Engine.Tests.DictionaryTools;

public sealed class DictStatsTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Sample = """
        version: "v7"
        sources:
          cites: https://cites.org/eng/app/appendices.php
          traffic: https://www.traffic.org/publications/reports/
        entries:
          - id: ivory
            kind: product
            species: Loxodonta africana
            protection: {cites: I, china_class: I}
            terms:
              - {text: 象牙, lang: zh-Hans, source: cites}
              - {text: 象牙製品, lang: zh-Hant, source: traffic}
              - {text: ivory, lang: en, source: https://www.traffic.org/ivory}
          - id: elephant
            kind: species
            species: Loxodonta africana
            protection: {cites: I, china_class: I}
            terms:
              - {text: 大象, lang: zh-Hans, source: cites}
          - id: pangolin.scales
            kind: product
            species: Manis pentadactyla
            protection: {cites: I, china_class: I}
            terms:
              - {text: 穿山甲片, lang: zh-Hans, source: cites}
          - id: mammoth
            kind: product
            species: Mammuthus primigenius
            review_only: true
            terms:
              - {text: 猛犸象牙, lang: zh-Hans, source: Beijing News 2019 ivory investigation}
          - id: coral
            kind: product
            species: Corallium rubrum
            protection: {cites: III}
            strength: weak
            terms:
              - {text: 红珊瑚, lang: zh-Hans, source: cites}
          - id: hornbill
            kind: product
            species: Rhinoplax vigil
            protection: {cites: I, china_class: II}
            terms:
              - {text: 鹤顶红, lang: zh-Hans, source: traffic}
          - id: signal.sale
            kind: trade_signal
            strength: weak
            terms:
              - {text: 出售, lang: zh-Hans, source: cites}
        """;

    [Fact]
    public async Task Text_output_lists_every_section_aligned()
    {
        string path = _files.Write("stats.yaml", Sample);

        var result = await DictCli.RunAsync("stats", path, "--top", "2");

        Assert.Equal(0, result.Exit);
        Assert.Equal("", result.Err);
        string expected = $"""
            Dictionary  {path}
            Version     v7
            Entries     7
            Terms       9

            Entries by kind
              1  species
              5  product
              0  slang
              1  trade_signal
              0  negative_context
              0  allow_phrase

            Terms by language
              7  zh-Hans
              1  en
              1  zh-Hant

            Entries by strength
              5  strong
              2  weak

            Entries by review_only
              6  false
              1  true

            Top species by entries (5 species; entries with no species: 1)
              2  Loxodonta africana
              1  Corallium rubrum

            Protection
              level           entries  species
              CITES I               4        3
              CITES II              0        0
              CITES III             1        1
              China class I         3        2
              China class II        1        1
              not listed            2        1

            Terms by source
              5  cites.org
              3  traffic.org
              1  Beijing News 2019 ivory investigation

            Entries with no source-backed term: none

            """;
        Assert.Equal(expected.ReplaceLineEndings(), result.Out.ReplaceLineEndings());
    }

    [Fact]
    public async Task Json_output_carries_the_same_figures()
    {
        string path = _files.Write("stats.yaml", Sample);

        var result = await DictCli.RunAsync("stats", path, "--json");

        Assert.Equal(0, result.Exit);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(path, root.GetProperty("path").GetString());
        Assert.Equal("v7", root.GetProperty("version").GetString());
        Assert.Equal(7, root.GetProperty("entries").GetInt32());
        Assert.Equal(9, root.GetProperty("terms").GetInt32());
        Assert.Equal(5, root.GetProperty("entries_by_kind").GetProperty("product").GetInt32());
        Assert.Equal(0, root.GetProperty("entries_by_kind").GetProperty("slang").GetInt32());
        Assert.Equal(1, root.GetProperty("terms_by_language").GetProperty("zh-Hant").GetInt32());
        Assert.Equal(2, root.GetProperty("entries_by_strength").GetProperty("weak").GetInt32());
        Assert.Equal(1, root.GetProperty("entries_by_review_only").GetProperty("true").GetInt32());
        Assert.Equal(5, root.GetProperty("species").GetInt32());

        // Default --top is 10: all five species, most entries first, ties by name.
        Assert.Equal(
            ["Loxodonta africana", "Corallium rubrum", "Mammuthus primigenius", "Manis pentadactyla", "Rhinoplax vigil"],
            root.GetProperty("top_species").EnumerateArray().Select(s => s.GetProperty("species").GetString()));

        var citesI = root.GetProperty("protection").EnumerateArray().Single(p => p.GetProperty("level").GetString() == "CITES I");
        Assert.Equal(4, citesI.GetProperty("entries").GetInt32());
        Assert.Equal(3, citesI.GetProperty("species").GetInt32());

        var sources = root.GetProperty("terms_by_source").EnumerateArray()
            .ToDictionary(s => s.GetProperty("source").GetString()!, s => s.GetProperty("terms").GetInt32());
        Assert.Equal(new Dictionary<string, int>
        {
            ["cites.org"] = 5,
            ["traffic.org"] = 3,
            ["Beijing News 2019 ivory investigation"] = 1,
        }, sources);
        Assert.Equal(0, root.GetProperty("entries_without_sourced_term").GetArrayLength());
    }

    [Fact]
    public async Task Entries_without_any_sourced_term_are_named()
    {
        // A plain term list carries no sources: every entry it makes is unsourced.
        string path = _files.Write("banned.txt", "# platform list\n象牙\n\n犀角\n");

        var text = await DictCli.RunAsync("stats", path);
        var json = await DictCli.RunAsync("stats", path, "--json");

        Assert.Equal(0, text.Exit);
        Assert.Contains("Entries with no source-backed term (2): txt:2, txt:4", text.OutLines);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(["txt:2", "txt:4"],
            document.RootElement.GetProperty("entries_without_sourced_term").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_broken_dictionary_is_reported_with_its_line_and_exits_1()
    {
        string path = _files.Write("bad.yaml", Sample.Replace("review_only: true", "review_only: yes", StringComparison.Ordinal));

        var result = await DictCli.RunAsync("stats", path);

        Assert.Equal(1, result.Exit);
        Assert.Equal("", result.Out);
        Assert.StartsWith($"{path}:29: bad review_only 'yes'", Assert.Single(result.ErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        string path = _files.PathOf("missing.yaml");

        var result = await DictCli.RunAsync("stats", path, "--json");

        Assert.Equal(2, result.Exit);
        Assert.Equal("", result.Out);
        Assert.Equal([$"{path}: file not found"], result.ErrLines);
    }

    [Fact]
    public async Task A_top_below_one_is_a_usage_error()
    {
        string path = _files.Write("stats.yaml", Sample);

        var result = await DictCli.RunAsync("stats", path, "--top", "0");

        Assert.Equal(2, result.Exit);
        Assert.Contains("--top must be 1 or more; got 0", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://www.traffic.org/publications/reports/", "traffic.org")]
    [InlineData("http://CITES.org/eng", "cites.org")]
    [InlineData("https://news.sina.com.cn/c/2019-01-01/doc.shtml", "news.sina.com.cn")]
    [InlineData("Beijing News 2019 ivory investigation", "Beijing News 2019 ivory investigation")]
    public void Sources_are_counted_by_host_or_citation(string source, string expected)
    {
        Assert.Equal(expected, DictionaryStatistics.SourceName(source));
    }
}
