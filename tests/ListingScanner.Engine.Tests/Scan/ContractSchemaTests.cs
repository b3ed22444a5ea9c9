using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using ListingScanner.Engine.Contract;

namespace ListingScanner.Engine.Tests.Scan;

/// <summary>
/// Real scan output and the bundled sample against the contract schemas, checked by ajv (tests/contract-validator),
/// an implementation independent of the C# code that writes them. Deliberately bad documents prove the checks bite.
/// </summary>
public sealed class ContractSchemaTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static (int ExitCode, string Output) Validate(string schema, string jsonLines)
    {
        string validator = RepoPaths.ContractValidator;
        Assert.True(
            Directory.Exists(Path.Combine(validator, "node_modules", "ajv")),
            $"ajv is not installed in {validator}; run deploy/dev/install-deps.sh (it runs npm ci there)");

        var start = new ProcessStartInfo("node", [Path.Combine(validator, "validate.js"), schema, jsonLines])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = validator,
        };
        using var node = Process.Start(start)!;
        Task<string> stdout = node.StandardOutput.ReadToEndAsync();
        Task<string> stderr = node.StandardError.ReadToEndAsync();
        Assert.True(node.WaitForExit(60_000), "node validate.js did not finish within 60 s");
        return (node.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Real verdicts: the bundled sample scanned by the real engine, so match kinds come from the engine.</summary>
    private async Task<string> ScanSampleAsync()
    {
        string output = _temp.File("sample.verdicts.jsonl");
        var run = await ScanHarness.RunAsync(["--input", RepoPaths.SampleListings, "--output", output], TestDictionaries.Sample);
        Assert.True(run.ExitCode == 0, run.ToString());
        return output;
    }

    [Fact]
    public async Task Real_scan_output_is_valid_against_the_verdict_schema()
    {
        string output = await ScanSampleAsync();
        Assert.Contains("\"matches\":[{", File.ReadAllText(output), StringComparison.Ordinal); // matches are really checked

        var (exitCode, report) = Validate(RepoPaths.VerdictSchema, output);
        Assert.True(exitCode == 0, "ajv rejected real scan output (match kinds must be snake_case, e.g. \"product\"):\n" + report);
    }

    [Fact]
    public void The_bundled_sample_is_valid_against_the_listing_schema()
    {
        var (exitCode, report) = Validate(RepoPaths.ListingSchema, RepoPaths.SampleListings);
        Assert.True(exitCode == 0, report);
        Assert.Contains("41 documents, 0 invalid", report, StringComparison.Ordinal);
    }

    /// <summary>One deliberate mistake each; applied to an otherwise valid real verdict.</summary>
    private static readonly (string What, string Change)[] BadVerdictChanges =
    [
        ("action outside the enum", """{"action":"delete"}"""),
        ("action in PascalCase", """{"action":"Takedown"}"""),
        ("score above 1", """{"score":1.5}"""),
        ("reasons not strings", """{"reasons":[1]}"""),
        ("scanned_at not a date-time", """{"scanned_at":"yesterday"}"""),
        ("an unknown property", """{"verdict":"takedown"}"""),
        ("match kind in PascalCase", """{"match":{"kind":"Species"}}"""),
        ("match field unknown", """{"match":{"field":"seller_id"}}"""),
        ("match start negative", """{"match":{"start":-1}}"""),
        ("match length zero", """{"match":{"length":0}}"""),
        ("match text missing", """{"match":{"text":null}}"""),
    ];

    [Fact]
    public async Task Deliberately_bad_verdicts_are_rejected_each_with_its_line_number()
    {
        // Start from a real verdict with matches; its kinds are set to valid values so that only each change is wrong
        // (whether the engine writes valid kinds is the test above).
        string realOutput = await ScanSampleAsync();
        JsonObject good = ScanHarness.ReadJsonLines(realOutput).First(v => v["matches"]!.AsArray().Count > 0);
        foreach (JsonNode? m in good["matches"]!.AsArray())
        {
            m!["kind"] = "product";
        }

        // Line 1 is the good verdict; line N+2 carries mistake N.
        var lines = new List<string> { good.ToJsonString() };
        foreach (var (_, change) in BadVerdictChanges)
        {
            lines.Add(Apply(good, change).ToJsonString());
        }

        string file = _temp.Write("bad.jsonl", string.Join('\n', lines) + "\n");
        var (exitCode, report) = Validate(RepoPaths.VerdictSchema, file);

        Assert.True(exitCode == 1, report);
        Assert.DoesNotContain("bad.jsonl:1:", report, StringComparison.Ordinal);
        for (int i = 0; i < BadVerdictChanges.Length; i++)
        {
            Assert.True(report.Contains($"bad.jsonl:{i + 2}:", StringComparison.Ordinal), $"not rejected: {BadVerdictChanges[i].What}\n{report}");
        }

        Assert.Contains($"{lines.Count} documents, {BadVerdictChanges.Length} invalid", report, StringComparison.Ordinal);
    }

    /// <summary>A copy of <paramref name="verdict"/> with top-level properties, or those of its first match, replaced (null removes).</summary>
    private static JsonObject Apply(JsonObject verdict, string change)
    {
        JsonObject bad = verdict.DeepClone().AsObject();
        foreach (var (key, value) in JsonNode.Parse(change)!.AsObject())
        {
            if (key == "match")
            {
                JsonObject match = bad["matches"]![0]!.AsObject();
                foreach (var (matchKey, matchValue) in value!.AsObject())
                {
                    if (matchValue is null)
                    {
                        match.Remove(matchKey);
                    }
                    else
                    {
                        match[matchKey] = matchValue.DeepClone();
                    }
                }
            }
            else
            {
                bad[key] = value!.DeepClone();
            }
        }

        return bad;
    }

    [Fact]
    public void A_verdict_without_a_required_property_is_rejected()
    {
        string[] required = ["listing_id", "action", "score", "reasons", "matches", "dictionary_version", "scanner_version", "scanned_at"];
        var verdict = new JsonObject
        {
            ["listing_id"] = "x", ["action"] = "allow", ["score"] = 0, ["reasons"] = new JsonArray(), ["matches"] = new JsonArray(),
            ["dictionary_version"] = "v", ["scanner_version"] = "0.1.0", ["scanned_at"] = "2026-11-22T08:00:00+00:00",
        };

        // Line 1 complete; line N+2 lacks required property N.
        var lines = new List<string> { verdict.ToJsonString() };
        foreach (string property in required)
        {
            JsonObject copy = verdict.DeepClone().AsObject();
            copy.Remove(property);
            lines.Add(copy.ToJsonString());
        }

        string file = _temp.Write("missing.jsonl", string.Join('\n', lines) + "\n");
        var (exitCode, report) = Validate(RepoPaths.VerdictSchema, file);

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("missing.jsonl:1:", report, StringComparison.Ordinal);
        for (int i = 0; i < required.Length; i++)
        {
            Assert.Contains($"missing.jsonl:{i + 2}: (root) must have required property '{required[i]}'", report, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Listings_the_parser_rejects_for_their_shape_are_rejected_by_the_schema_too()
    {
        string[] bad =
        [
            """{"title":"no id"}""",
            """{"listing_id":""}""",
            """{"listing_id":"   "}""",
            """{"listing_id":7}""",
            """{"listing_id":"p","price":"cheap"}""",
            """{"listing_id":"p","price":{"amount":"12"}}""",
            """{"listing_id":"p","published_at":"last week"}""",
            """[{"listing_id":"p"}]""",
        ];
        foreach (string listing in bad)
        {
            Assert.False(ListingParser.TryParse(Encoding.UTF8.GetBytes(listing), out _, out _), "the parser should reject " + listing);
        }

        // Line 1 is valid and uses a property this version does not know (forward compatibility).
        string file = _temp.Write("listings.jsonl", """{"listing_id":"fine","extra_from_newer_producer":{"a":1}}""" + "\n" + string.Join('\n', bad) + "\n");
        var (exitCode, report) = Validate(RepoPaths.ListingSchema, file);

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("listings.jsonl:1:", report, StringComparison.Ordinal);
        for (int i = 0; i < bad.Length; i++)
        {
            Assert.True(report.Contains($"listings.jsonl:{i + 2}:", StringComparison.Ordinal), $"ajv accepted {bad[i]}\n{report}");
        }
    }
}
