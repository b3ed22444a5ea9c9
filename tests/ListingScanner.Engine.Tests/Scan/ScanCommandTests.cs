using System.Text;
using System.Text.Json.Nodes;
using ListingScanner.Engine.Contract;

namespace ListingScanner.Engine.Tests.Scan;

public sealed class ScanCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Listing(string id, string title) =>
        new JsonObject { ["listing_id"] = id, ["title"] = title }.ToJsonString();

    [Fact]
    public async Task Verdicts_come_out_in_input_order_with_more_workers_than_cores_and_tiny_batches()
    {
        // Every seventh listing is ~40x heavier, so batches finish out of order and the writer has to reorder.
        var input = new StringBuilder();
        var expectedIds = new List<string>();
        for (int i = 0; i < 10_000; i++)
        {
            string id = $"gen-{i:D5}";
            expectedIds.Add(id);
            string description = i % 7 == 0 ? string.Concat(Enumerable.Repeat("老料手镯 包邮 ", 300)) : "二手 九成新";
            input.Append(new JsonObject
            {
                ["listing_id"] = id,
                ["title"] = i % 3 == 0 ? "出售 象牙 手镯" : "出售 手镯",
                ["description"] = description,
            }.ToJsonString()).Append('\n');
        }

        string inputPath = _temp.Write("many.jsonl", input.ToString());
        string outputPath = _temp.File("many.verdicts.jsonl");
        var run = await ScanHarness.RunAsync(
            ["--input", inputPath, "--output", outputPath, "--workers", "4", "--batch-bytes", "4096"], TestDictionaries.Minimal);

        Assert.True(run.ExitCode == 0, run.ToString());
        var verdicts = ScanHarness.ReadJsonLines(outputPath);
        Assert.Equal(expectedIds, ScanHarness.ListingIds(verdicts));
        Assert.StartsWith("listing-scanner scan: 10,000 listings, ", run.StderrLines.Single(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A stand-in engine whose action is the first word of the title, so --only-flagged is tested independently of
    /// how the real engine scores (the temporary engine never flags anything).
    /// </summary>
    private static Verdict ActionFromTitle(ListingEvent listing) => new()
    {
        ListingId = listing.ListingId,
        Action = Enum.Parse<VerdictAction>(listing.Title!.Split(' ')[0], ignoreCase: true),
        Score = 0.5,
        Reasons = ["stand-in"],
        Matches = [],
        DictionaryVersion = "stand-in",
        ScannerVersion = "0",
        ScannedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task Only_flagged_writes_exactly_the_takedown_and_review_verdicts_in_order()
    {
        string inputPath = _temp.Write("mixed.jsonl", string.Join('\n',
            Listing("a", "takedown 出售 象牙"), Listing("b", "allow 自行车"), Listing("c", "review 象牙 印章"),
            Listing("d", "allow 瓷砖"), Listing("e", "takedown ivory")) + "\n");

        var full = await ScanHarness.RunAsync(["-i", inputPath, "-o", _temp.File("full.jsonl")], _ => ActionFromTitle);
        var flagged = await ScanHarness.RunAsync(["-i", inputPath, "-o", _temp.File("flagged.jsonl"), "--only-flagged"], _ => ActionFromTitle);

        Assert.Equal(0, full.ExitCode);
        Assert.Equal(0, flagged.ExitCode);
        Assert.Equal(["a", "b", "c", "d", "e"], ScanHarness.ListingIds(ScanHarness.ReadJsonLines(_temp.File("full.jsonl"))));
        Assert.Equal(["a", "c", "e"], ScanHarness.ListingIds(ScanHarness.ReadJsonLines(_temp.File("flagged.jsonl"))));

        // The summary still counts every listing, flagged or not.
        Assert.StartsWith("listing-scanner scan: 5 listings, takedown 2, review 1, errors 0, ", Assert.Single(flagged.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_engine_failure_on_one_listing_is_reported_for_that_line_and_the_scan_goes_on()
    {
        string inputPath = _temp.Write("faulty.jsonl", Listing("a", "allow x") + "\n" + Listing("b", "explode") + "\n" + Listing("c", "review y") + "\n");
        var run = await ScanHarness.RunAsync(["-i", inputPath, "-o", _temp.File("faulty.out.jsonl")], _ => ActionFromTitle);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["a", "c"], ScanHarness.ListingIds(ScanHarness.ReadJsonLines(_temp.File("faulty.out.jsonl"))));
        Assert.StartsWith("line 2: scan_failed: ArgumentException: ", run.StderrLines[0], StringComparison.Ordinal);
    }

    /// <summary>One of each kind of bad line, among good ones, with CRLF, blank lines and no final newline.</summary>
    private byte[] BadLinesInput(int hugeLineBytes)
    {
        var bytes = new MemoryStream();
        void Line(string text) => bytes.Write(Encoding.UTF8.GetBytes(text + "\n"));

        Line(Listing("ok-1", "象牙"));                                        // 1
        Line("""{"listing_id": "bad-json", "title": }""");                   // 2 invalid_json
        Line("""{"title":"no id"}""");                                       // 3 schema_violation
        bytes.Write("{\"listing_id\":\"x\",\"title\":\""u8);                 // 4 invalid_utf8
        bytes.Write([0xFF, 0xFE]);
        bytes.Write("\"}\n"u8);
        bytes.Write("{\"listing_id\":\"huge\",\"description\":\""u8);        // 5 oversize
        bytes.Write(Enumerable.Repeat((byte)'a', hugeLineBytes).ToArray());
        bytes.Write("\"}\n"u8);
        Line("");                                                            // 6 blank
        Line("   ");                                                         // 7 blank
        bytes.Write(Encoding.UTF8.GetBytes(Listing("ok-2", "手镯") + "\r\n")); // 8 CRLF
        Line("""{"listing_id":"wrong-type","price":"cheap"}""");             // 9 schema_violation
        bytes.Write(Encoding.UTF8.GetBytes(Listing("ok-3", "象牙")));          // 10, no final newline
        return bytes.ToArray();
    }

    private static readonly (long Line, string Reason)[] ExpectedFailures =
        [(2, "invalid_json"), (3, "schema_violation"), (4, "invalid_utf8"), (5, "oversize"), (9, "schema_violation")];

    [Fact]
    public async Task Bad_lines_go_to_the_errors_file_with_line_numbers_and_the_scan_goes_on()
    {
        string inputPath = _temp.Write("bad.jsonl", BadLinesInput(hugeLineBytes: 50 * 1024 * 1024));
        string errorsPath = _temp.File("errors.jsonl");
        string outputPath = _temp.File("bad.verdicts.jsonl");

        var run = await ScanHarness.RunAsync(["--input", inputPath, "--output", outputPath, "--errors", errorsPath], TestDictionaries.Minimal);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(["ok-1", "ok-2", "ok-3"], ScanHarness.ListingIds(ScanHarness.ReadJsonLines(outputPath)));

        var errors = ScanHarness.ReadJsonLines(errorsPath);
        Assert.Equal(ExpectedFailures, errors.Select(e => ((long)e["line"]!, (string)e["reason"]!)).ToArray());
        Assert.All(errors, e => Assert.Equal(["line", "reason", "message"], e.Select(p => p.Key)));
        Assert.Equal("listing_id is missing", (string)errors[1]["message"]!);
        Assert.Contains("52428838 bytes", (string)errors[3]["message"]!, StringComparison.Ordinal);
        Assert.Contains("1048576", (string)errors[3]["message"]!, StringComparison.Ordinal);

        // With --errors, stderr carries only the summary.
        string summary = Assert.Single(run.StderrLines);
        Assert.Contains("3 listings", summary, StringComparison.Ordinal);
        Assert.Contains("errors 5", summary, StringComparison.Ordinal);
        Assert.Contains("2 blank lines skipped", summary, StringComparison.Ordinal);
        Assert.Contains(errorsPath, summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_errors_file_bad_lines_are_reported_on_stderr_in_line_order()
    {
        string inputPath = _temp.Write("bad-small.jsonl", BadLinesInput(hugeLineBytes: 3000));
        var run = await ScanHarness.RunAsync(
            ["--input", inputPath, "--output", _temp.File("out.jsonl"), "--max-line-bytes", "2000"], TestDictionaries.Minimal);

        Assert.Equal(1, run.ExitCode);
        string[] lines = run.StderrLines;
        Assert.Equal(ExpectedFailures.Length + 1, lines.Length);
        for (int i = 0; i < ExpectedFailures.Length; i++)
        {
            Assert.StartsWith($"line {ExpectedFailures[i].Line}: {ExpectedFailures[i].Reason}: ", lines[i], StringComparison.Ordinal);
        }

        Assert.Equal("line 5: oversize: line is 3038 bytes; the limit is 2000 bytes (--max-line-bytes)", lines[3]);
        Assert.StartsWith("listing-scanner scan: 3 listings, ", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_byte_order_mark_and_crlf_line_endings_are_accepted()
    {
        byte[] input = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Listing("bom-1", "象牙") + "\r\n" + Listing("bom-2", "x") + "\r\n{oops\r\n")];
        string inputPath = _temp.Write("bom.jsonl", input);
        var run = await ScanHarness.RunAsync(["-i", inputPath, "-o", _temp.File("bom.out.jsonl")], TestDictionaries.Minimal);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["bom-1", "bom-2"], ScanHarness.ListingIds(ScanHarness.ReadJsonLines(_temp.File("bom.out.jsonl"))));
        Assert.StartsWith("line 3: invalid_json: ", run.StderrLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdin_and_stdout_are_used_for_dash()
    {
        byte[] stdin = Encoding.UTF8.GetBytes(Listing("in-1", "象牙") + "\n" + Listing("in-2", "书") + "\n");
        var run = await ScanHarness.RunAsync(["--input", "-", "--output", "-"], TestDictionaries.Minimal, stdin);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["in-1", "in-2"], ScanHarness.ListingIds(ScanHarness.ParseJsonLines(run.StdoutText)));
        Assert.StartsWith("listing-scanner scan: 2 listings, ", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.EndsWith("\n", run.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verdict_is_the_engine_verdict_serialised_as_snake_case_json()
    {
        string inputPath = _temp.Write("one.jsonl", Listing("one", "出售 象牙") + "\n");
        var run = await ScanHarness.RunAsync(["-i", inputPath, "-o", _temp.File("one.out.jsonl")], TestDictionaries.Minimal);

        Assert.Equal(0, run.ExitCode);
        var verdict = Assert.Single(ScanHarness.ReadJsonLines(_temp.File("one.out.jsonl")));
        Assert.Equal(
            ["listing_id", "action", "score", "reasons", "matches", "dictionary_version", "scanner_version", "scanned_at"],
            verdict.Select(p => p.Key));
        Assert.Equal("t1", (string)verdict["dictionary_version"]!);
        var match = verdict["matches"]!.AsArray().Single()!;
        Assert.Equal("象牙", (string)match["text"]!); // readable UTF-8, not \u8C61\u7259
        Assert.Contains("\"text\":\"象牙\"", File.ReadAllText(_temp.File("one.out.jsonl")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_code_is_0_when_every_line_was_fine_even_with_blank_lines()
    {
        string inputPath = _temp.Write("fine.jsonl", "\n" + Listing("f", "x") + "\n\n");
        var run = await ScanHarness.RunAsync(["-i", inputPath, "-o", _temp.File("fine.out.jsonl")], TestDictionaries.Minimal);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("2 blank lines skipped", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_file_is_one_line_and_exit_code_2_and_creates_no_output()
    {
        string missing = _temp.File("nope.jsonl");
        var run = await ScanHarness.RunAsync(["--input", missing, "--output", _temp.File("never.jsonl")], TestDictionaries.Minimal);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"listing-scanner scan: input file not found: {missing}", Assert.Single(run.StderrLines));
        Assert.False(File.Exists(_temp.File("never.jsonl")));
    }

    [Fact]
    public async Task An_unreadable_dictionary_is_one_line_naming_the_file_and_exit_code_2()
    {
        string input = _temp.Write("d.jsonl", Listing("d", "x") + "\n");
        string output = _temp.Write("existing-output.jsonl", "keep me\n");
        string dictionary = _temp.File("missing-dictionary.yaml");

        var run = await ScanHarness.RunAsync(["-i", input, "-o", output, "--dictionary", dictionary]); // the real loader

        Assert.Equal(2, run.ExitCode);
        string message = Assert.Single(run.StderrLines);
        Assert.StartsWith("listing-scanner scan: ", message, StringComparison.Ordinal);
        Assert.Contains(dictionary, message, StringComparison.Ordinal);
        Assert.Equal("keep me\n", File.ReadAllText(output)); // a bad dictionary must not truncate earlier results
    }

    [Theory]
    [InlineData("--output-missing")]
    [InlineData("--unknown-option")]
    [InlineData("--max-line-bytes-zero")]
    [InlineData("--errors-dash")]
    [InlineData("--same-input-and-output")]
    public async Task Usage_errors_exit_with_2_and_a_short_message(string mistake)
    {
        string input = _temp.Write("u.jsonl", Listing("u", "x") + "\n");
        string[] args = mistake switch
        {
            "--output-missing" => ["--input", input],
            "--unknown-option" => ["--input", input, "--output", _temp.File("o.jsonl"), "--fast"],
            "--max-line-bytes-zero" => ["--input", input, "--output", _temp.File("o.jsonl"), "--max-line-bytes", "0"],
            "--errors-dash" => ["--input", input, "--output", _temp.File("o.jsonl"), "--errors", "-"],
            _ => ["--input", input, "--output", input],
        };

        var run = await ScanHarness.RunAsync(args, TestDictionaries.Minimal);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.InRange(run.StderrLines.Length, 1, 2);
        Assert.StartsWith("listing-scanner", run.StderrLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("x", (string)ScanHarness.ReadJsonLines(input)[0]["title"]!); // the input is untouched
    }

    [Fact]
    public async Task An_output_directory_that_does_not_exist_is_exit_code_2_naming_the_file()
    {
        string input = _temp.Write("o.jsonl", Listing("o", "x") + "\n");
        string output = Path.Combine(_temp.Path, "no-such-dir", "out.jsonl");
        var run = await ScanHarness.RunAsync(["-i", input, "-o", output], TestDictionaries.Minimal);

        Assert.Equal(2, run.ExitCode);
        string message = Assert.Single(run.StderrLines);
        Assert.StartsWith($"listing-scanner scan: cannot open {output}: ", message, StringComparison.Ordinal);
    }
}
