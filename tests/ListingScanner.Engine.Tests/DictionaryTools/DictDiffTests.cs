using System.Text.Json;
using ListingScanner.DictionaryTools;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Tests.Dictionary;

namespace ListingScanner.Engine.Tests.DictionaryTools;

public sealed class DictDiffTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private const string Old = """
        version: "old-1"
        entries:
          - id: ivory
            kind: product
            species: Loxodonta africana
            terms:
              - {text: 象牙, lang: zh-Hans, source: https://cites.org/a}
          - id: tiger.bone
            kind: product
            species: Panthera tigris
            terms:
              - {text: 虎骨, lang: zh-Hans, source: https://cites.org/b}
          - id: signal.sale
            kind: trade_signal
            terms:
              - {text: 出售, lang: zh-Hans, source: https://cites.org/c}
        """;

    // ivory weakened, tiger.bone removed, pangolin added, signal.sale untouched.
    private const string New = """
        version: "new-2"
        entries:
          - id: ivory
            kind: product
            species: Loxodonta africana
            strength: weak
            terms:
              - {text: 象牙, lang: zh-Hans, source: https://cites.org/a}
          - id: pangolin
            kind: product
            species: Manis pentadactyla
            terms:
              - {text: 穿山甲, lang: zh-Hans, source: https://cites.org/d}
          - id: signal.sale
            kind: trade_signal
            terms:
              - {text: 出售, lang: zh-Hans, source: https://cites.org/c}
        """;

    private static readonly string Sample = string.Join('\n',
        """{"listing_id":"L1","title":"出售穿山甲片"}""",
        """{"listing_id":"L2","title":"传世老酒","description":"虎骨 泡酒"}""",
        """{"listing_id":"L3","title":"象牙手镯","description":"象牙 象牙"}""",
        """{"listing_id":"L4","title":"普通手镯"}""",
        """not json""",
        "",
        """{"title":"no id"}""",
        """{"listing_id":"L8","title":"虎骨 穿山甲"}""");

    /// <summary>
    /// A scanner whose decisions the test controls, so the diff logic is checked independently of the real scorer
    /// (which is tuned separately): takedown for a strong product term, review for a weak one, else allow.
    /// </summary>
    private static Func<ListingEvent, Verdict> RuleScanner(WildlifeDictionary dictionary) => listing =>
    {
        var matches = new List<VerdictMatch>();
        foreach (var entry in dictionary.Entries)
        {
            foreach (var term in entry.Terms)
            {
                foreach (var (field, text) in new[] { ("title", listing.Title), ("description", listing.Description) })
                {
                    int at = text?.IndexOf(term.Text, StringComparison.Ordinal) ?? -1;
                    if (at >= 0)
                    {
                        matches.Add(new VerdictMatch
                        {
                            EntryId = entry.Id, Kind = DictionaryFile.KindName(entry.Kind), Term = term.Text,
                            Field = field, Start = at, Length = term.Text.Length, Text = text!.Substring(at, term.Text.Length),
                        });
                    }
                }
            }
        }

        var products = dictionary.Entries.Where(e => e.Kind == EntryKind.Product && matches.Exists(m => m.EntryId == e.Id)).ToList();
        var action = products.Exists(e => e.Strength == EntryStrength.Strong) ? VerdictAction.Takedown
            : products.Count > 0 ? VerdictAction.Review : VerdictAction.Allow;
        return new Verdict
        {
            ListingId = listing.ListingId,
            Action = action,
            Score = action switch { VerdictAction.Takedown => 0.9, VerdictAction.Review => 0.5, _ => 0 },
            Reasons = [],
            Matches = matches,
            DictionaryVersion = dictionary.Version,
            ScannerVersion = "test",
            ScannedAt = DateTimeOffset.UnixEpoch,
        };
    };

    private (string Old, string New, string Sample) WriteInputs() =>
        (_files.Write("old.yaml", Old), _files.Write("new.yaml", New), _files.Write("sample.jsonl", Sample));

    [Fact]
    public async Task Lists_each_listing_whose_action_changes_with_the_terms_responsible()
    {
        var (oldPath, newPath, samplePath) = WriteInputs();

        var result = await DictCli.RunAsync(RuleScanner, "diff", "--old", oldPath, "--new", newPath, "--input", samplePath);

        Assert.Equal(0, result.Exit);
        string expected = $"""
            Old dictionary  old-1 ({oldPath}, 3 entries)
            New dictionary  new-2 ({newPath}, 3 entries)
            Sample          {samplePath}

            Newly flagged (allow -> review/takedown): 1
              L1 (line 1): allow -> takedown, score 0.00 -> 0.90
                  + 穿山甲  [pangolin, product] title: "穿山甲"

            Unflagged (review/takedown -> allow): 1
              L2 (line 2): takedown -> allow, score 0.90 -> 0.00
                  - 虎骨  [tiger.bone, product] description: "虎骨"

            Changed (review <-> takedown): 1
              L3 (line 3): takedown -> review, score 0.90 -> 0.50
                  ~ 象牙  [ivory, product, entry edited] title: "象牙"

            Summary
              listings             5
              unchanged            2
              newly flagged        1
              unflagged            1
              changed              1
              bad lines            2

            Entries (new vs old): 1 added, 1 removed, 1 changed
              + pangolin
              - tiger.bone
              ~ ivory: strength strong -> weak

            """;
        Assert.Equal(expected.ReplaceLineEndings(), result.Out.ReplaceLineEndings());
    }

    [Fact]
    public async Task Bad_lines_are_reported_with_line_number_and_reason_and_do_not_stop_the_run()
    {
        var (oldPath, newPath, samplePath) = WriteInputs();

        var result = await DictCli.RunAsync(RuleScanner, "diff", "--old", oldPath, "--new", newPath, "--input", samplePath);

        Assert.Equal(0, result.Exit);
        Assert.Equal(2, result.ErrLines.Length);
        Assert.StartsWith($"{samplePath}:5: invalid_json: ", result.ErrLines[0], StringComparison.Ordinal);
        Assert.Equal($"{samplePath}:7: schema_violation: listing_id is missing", result.ErrLines[1]);
        Assert.Contains("  bad lines            2", result.OutLines);
    }

    [Fact]
    public async Task Output_file_holds_one_json_object_per_changed_listing()
    {
        var (oldPath, newPath, samplePath) = WriteInputs();
        string outputPath = _files.PathOf("diff.jsonl");

        var result = await DictCli.RunAsync(
            RuleScanner, "diff", "--old", oldPath, "--new", newPath, "--input", samplePath, "--output", outputPath);

        Assert.Equal(0, result.Exit);
        Assert.Contains($"Changed listings written to {outputPath}", result.OutLines);
        var lines = File.ReadAllLines(outputPath);
        Assert.Equal(3, lines.Length);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["L1", "L2", "L3"], records.Select(r => r.GetProperty("listing_id").GetString()));
        Assert.Equal(["newly_flagged", "unflagged", "changed"], records.Select(r => r.GetProperty("change").GetString()));
        Assert.Equal(["allow", "takedown", "takedown"], records.Select(r => r.GetProperty("old_action").GetString()));
        Assert.Equal(["takedown", "allow", "review"], records.Select(r => r.GetProperty("new_action").GetString()));
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.GetProperty("line").GetInt64()));

        var term = Assert.Single(records[0].GetProperty("terms").EnumerateArray());
        Assert.Equal("added", term.GetProperty("change").GetString());
        Assert.Equal("pangolin", term.GetProperty("entry_id").GetString());
        Assert.Equal("穿山甲", term.GetProperty("term").GetString());
        Assert.Equal("title", term.GetProperty("field").GetString());
        Assert.Equal("removed", records[1].GetProperty("terms")[0].GetProperty("change").GetString());
        Assert.Equal("entry_changed", records[2].GetProperty("terms")[0].GetProperty("change").GetString());
    }

    [Fact]
    public async Task With_the_real_engine_every_listing_is_accounted_for()
    {
        // The engine's decisions are not asserted here (the scorer is tuned separately); the bookkeeping is.
        var (oldPath, newPath, samplePath) = WriteInputs();

        var result = await DictCli.RunAsync("diff", "--old", oldPath, "--new", newPath, "--input", samplePath);

        Assert.Equal(0, result.Exit);
        int Count(string label) =>
            int.Parse(result.OutLines.Single(l => l.StartsWith("  " + label + " ", StringComparison.Ordinal))[(label.Length + 2)..].Trim(),
                System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(5, Count("listings"));
        Assert.Equal(2, Count("bad lines"));
        Assert.Equal(Count("listings"), Count("unchanged") + Count("newly flagged") + Count("unflagged") + Count("changed"));
        Assert.Contains("Entries (new vs old): 1 added, 1 removed, 1 changed", result.OutLines);
    }

    [Fact]
    public async Task Identical_dictionaries_change_nothing()
    {
        var (oldPath, _, samplePath) = WriteInputs();

        var result = await DictCli.RunAsync(RuleScanner, "diff", "--old", oldPath, "--new", oldPath, "--input", samplePath);

        Assert.Equal(0, result.Exit);
        Assert.Contains("  unchanged            5", result.OutLines);
        Assert.Contains("Newly flagged (allow -> review/takedown): 0", result.OutLines);
        Assert.Contains("Entries (new vs old): 0 added, 0 removed, 0 changed", result.OutLines);
    }

    [Fact]
    public async Task A_broken_new_dictionary_is_reported_with_its_line_and_nothing_is_scanned()
    {
        var (oldPath, _, samplePath) = WriteInputs();
        string newPath = _files.Write("broken.yaml", New.Replace("strength: weak", "strength: feeble", StringComparison.Ordinal));

        var result = await DictCli.RunAsync(RuleScanner, "diff", "--old", oldPath, "--new", newPath, "--input", samplePath);

        Assert.Equal(1, result.Exit);
        Assert.Equal("", result.Out);
        Assert.StartsWith($"{newPath}:6: bad strength 'feeble'", Assert.Single(result.ErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_sample_is_a_usage_error()
    {
        var (oldPath, newPath, _) = WriteInputs();
        string missing = _files.PathOf("no-sample.jsonl");

        var result = await DictCli.RunAsync(RuleScanner, "diff", "--old", oldPath, "--new", newPath, "--input", missing);

        Assert.Equal(2, result.Exit);
        Assert.Equal("", result.Out);
        Assert.Equal([$"{missing}: file not found"], result.ErrLines);
    }

    [Fact]
    public async Task An_output_that_cannot_be_written_is_a_usage_error()
    {
        var (oldPath, newPath, samplePath) = WriteInputs();
        string folder = Path.GetDirectoryName(samplePath)!; // a directory is not a writable file

        var result = await DictCli.RunAsync(
            RuleScanner, "diff", "--old", oldPath, "--new", newPath, "--input", samplePath, "--output", folder);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith($"{folder}: cannot write: ", Assert.Single(result.ErrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_options_are_enforced()
    {
        var result = await DictCli.RunAsync(RuleScanner, "diff", "--old", "a.yaml");

        Assert.Equal(2, result.Exit);
        Assert.Contains("Option '--new' is required.", result.Err, StringComparison.Ordinal);
        Assert.Contains("Option '--input' is required.", result.Err, StringComparison.Ordinal);
        Assert.Contains("Run 'listing-scanner dict diff --help' for usage.", result.ErrLines);
    }

    [Fact]
    public async Task The_output_may_not_overwrite_an_input()
    {
        var (oldPath, newPath, samplePath) = WriteInputs();

        var result = await DictCli.RunAsync(
            RuleScanner, "diff", "--old", oldPath, "--new", newPath, "--input", samplePath, "--output", samplePath);

        Assert.Equal(2, result.Exit);
        Assert.Equal([$"{samplePath}: --output must not be one of the input files"], result.ErrLines);
        Assert.Equal(Sample, File.ReadAllText(samplePath));
    }

    [Fact]
    public async Task An_edit_without_a_version_bump_is_warned_about()
    {
        var (oldPath, _, samplePath) = WriteInputs();
        string samePath = _files.Write("same-version.yaml", New.Replace("new-2", "old-1", StringComparison.Ordinal));

        var edited = await DictCli.RunAsync(RuleScanner, "diff", "--old", oldPath, "--new", samePath, "--input", samplePath);
        var untouched = await DictCli.RunAsync(RuleScanner, "diff", "--old", oldPath, "--new", oldPath, "--input", samplePath);

        const string warning = "Warning: both dictionaries are version old-1; bump 'version' in the new file before rolling it out.";
        Assert.Contains(warning, edited.OutLines);
        Assert.DoesNotContain(warning, untouched.OutLines);
    }

    [Fact]
    public async Task An_engine_that_cannot_be_built_is_one_line_not_a_stack_trace()
    {
        var (oldPath, newPath, samplePath) = WriteInputs();
        Func<ListingEvent, Verdict> Failing(WildlifeDictionary dictionary) =>
            dictionary.Version == "new-2" ? throw new InvalidOperationException("too many states") : RuleScanner(dictionary);

        var result = await DictCli.RunAsync(Failing, "diff", "--old", oldPath, "--new", newPath, "--input", samplePath);

        Assert.Equal(1, result.Exit);
        Assert.Equal("", result.Out);
        Assert.Equal([$"{newPath}: cannot build the scan engine: too many states"], result.ErrLines);
    }
}
