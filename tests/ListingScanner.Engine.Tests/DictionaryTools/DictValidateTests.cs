using ListingScanner.Engine.Tests.Dictionary;

namespace ListingScanner.Engine.Tests.DictionaryTools;

public sealed class DictValidateTests : IDisposable
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
            terms:
              - {text: 象牙, lang: zh-Hans, source: cites}
              - {text: ivory, lang: en, source: https://www.traffic.org/ivory}
          - id: signal.sale
            kind: trade_signal
            terms:
              - {text: 出售, lang: zh-Hans, source: cites}
              - {text: for sale, lang: en, source: cites}
              - {text: 包邮, lang: zh-Hans, source: cites}
        """;

    [Fact]
    public async Task A_valid_dictionary_prints_OK_with_counts_version_and_path()
    {
        string path = _files.Write("ok.yaml", Valid);

        var result = await DictCli.RunAsync("validate", path);

        Assert.Equal(0, result.Exit);
        Assert.Equal([$"OK: 2 entries, 5 terms, version 2026.11.22-1 ({path})"], result.OutLines);
        Assert.Equal("", result.Err);
    }

    [Fact]
    public async Task An_invalid_dictionary_prints_the_loader_error_with_its_line_and_exits_1()
    {
        // Line 13 is the misspelt kind of the second entry.
        string path = _files.Write("bad.yaml", Valid.Replace("kind: trade_signal", "kind: trade_signl", StringComparison.Ordinal));

        var result = await DictCli.RunAsync("validate", path);

        Assert.Equal(1, result.Exit);
        Assert.Equal("", result.Out);
        string error = Assert.Single(result.ErrLines);
        Assert.StartsWith($"{path}:13: unknown kind 'trade_signl' in entry 'signal.sale'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yaml_syntax_error_is_reported_on_its_line()
    {
        // An unclosed flow mapping on line 10.
        string path = _files.Write("syntax.yaml", Valid.Replace("- {text: 象牙, lang: zh-Hans, source: cites}", "- {text: 象牙, lang: zh-Hans", StringComparison.Ordinal));

        var result = await DictCli.RunAsync("validate", path);

        Assert.Equal(1, result.Exit);
        string error = Assert.Single(result.ErrLines);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}:1[01]: ", error);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error_not_a_validation_failure()
    {
        string path = _files.PathOf("nowhere.yaml");

        var result = await DictCli.RunAsync("validate", path);

        Assert.Equal(2, result.Exit);
        Assert.Equal("", result.Out);
        Assert.Equal([$"{path}: file not found"], result.ErrLines);
    }

    [Fact]
    public async Task Without_a_path_the_bundled_dictionary_is_validated()
    {
        var result = await DictCli.RunAsync("validate");

        // The bundled file may or may not be present in this build; either way it is the one checked.
        Assert.Contains(DefaultPaths.Dictionary, result.Out + result.Err, StringComparison.Ordinal);
        Assert.Equal(File.Exists(DefaultPaths.Dictionary) ? 0 : 2, result.Exit);
    }

    [Fact]
    public async Task The_executable_routes_dict_validate_to_this_command()
    {
        // Through Program.Main: proves the command is registered (the placeholder returned 70, an unknown command 2).
        // Its output goes to the real console, which is harmless here; the exit codes tell the cases apart.
        string valid = _files.Write("main-ok.yaml", Valid);
        string invalid = _files.Write("main-bad.yaml", Valid.Replace("lang: en", "lang: english", StringComparison.Ordinal));

        Assert.Equal(0, await Program.Main(["dict", "validate", valid]));
        Assert.Equal(1, await Program.Main(["dict", "validate", invalid]));
    }
}
