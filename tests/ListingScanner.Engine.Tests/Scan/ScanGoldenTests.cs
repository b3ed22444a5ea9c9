using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Scanning;

namespace ListingScanner.Engine.Tests.Scan;

/// <summary>
/// The scan command on the bundled sample (src/ListingScanner/data/samples/listings.jsonl) against a golden file.
/// </summary>
/// <remarks>
/// <para>To accept a deliberate change, regenerate the golden file and review its diff:
/// <c>UPDATE_GOLDEN=1 dotnet test tests/ListingScanner.Engine.Tests -c Release --filter "FullyQualifiedName~ScanGoldenTests"</c>
/// then <c>git diff tests/ListingScanner.Engine.Tests/Golden/</c>.</para>
/// <para>scanned_at is removed before comparing (it is the clock). The run uses the bundled dictionary, so a
/// dictionary change shows up here as a reviewed diff of the golden file.</para>
/// </remarks>
public sealed class ScanGoldenTests : IDisposable
{
    private const string GoldenName = "sample-verdicts.golden.jsonl";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The engine the golden file is produced with: the real engine and the bundled dictionary.</summary>
    private static readonly Func<string, Func<ListingEvent, Verdict>> GoldenScanner = ListingScanner.Commands.Scan.ScanEnvironment.LoadEngine;

    [Fact]
    public async Task Scanning_the_bundled_sample_matches_the_golden_file()
    {
        string output = _temp.File("sample.verdicts.jsonl");
        var run = await ScanHarness.RunAsync(["--input", RepoPaths.SampleListings, "--output", output, "--workers", "2"], GoldenScanner);
        Assert.True(run.ExitCode == 0, run.ToString());

        string actual = WithoutScannedAt(File.ReadAllText(output, Encoding.UTF8));
        string goldenPath = RepoPaths.Golden(GoldenName);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(goldenPath, actual, new UTF8Encoding(false));
        }

        Assert.True(File.Exists(goldenPath), $"{goldenPath} is missing; run with UPDATE_GOLDEN=1 to create it");
        string[] expectedLines = File.ReadAllText(goldenPath, Encoding.UTF8).Split('\n');
        string[] actualLines = actual.Split('\n');
        for (int i = 0; i < Math.Min(expectedLines.Length, actualLines.Length); i++)
        {
            Assert.True(
                expectedLines[i] == actualLines[i],
                $"line {i + 1} differs from {GoldenName} (UPDATE_GOLDEN=1 regenerates it):\nexpected: {expectedLines[i]}\nactual:   {actualLines[i]}");
        }

        Assert.Equal(expectedLines.Length, actualLines.Length);
        Assert.Equal(SampleIds(), ScanHarness.ListingIds(ScanHarness.ParseJsonLines(actual)));
    }

    /// <summary>
    /// The cases that must come out right whatever the tuning, with the real engine and the bundled dictionary.
    /// </summary>
    [Theory]
    [InlineData("sample-001", "takedown")] // 出售 象*牙 手镯 微信xxx ¥2800
    [InlineData("sample-005", "takedown")] // traditional 象牙 印章 with price and WhatsApp
    [InlineData("sample-007", "takedown")] // traditional 穿山甲片 with a price per tael
    [InlineData("sample-019", "takedown")] // live pangolin with price and WeChat
    [InlineData("sample-024", "allow")]    // 象牙白 瓷砖 60x60
    [InlineData("sample-025", "allow")]    // 走出象牙塔 (a book)
    [InlineData("sample-026", "allow")]    // 虎皮鹦鹉 (budgies)
    [InlineData("sample-027", "allow")]    // Tiger Balm
    [InlineData("sample-028", "allow")]    // ivory wedding dress
    [InlineData("sample-029", "allow")]    // 虎皮青椒
    [InlineData("sample-034", "allow")]    // news: anti-trafficking alliance, mentions 象牙 and 犀角
    [InlineData("sample-035", "allow")]    // NGO report on ivory and rhino horn trafficking
    [InlineData("sample-037", "review")]   // mammoth ivory with certificate
    public async Task Must_come_out_right_with_the_bundled_dictionary(string listingId, string expectedAction)
    {
        string output = _temp.File($"must-{listingId}.jsonl");
        var run = await ScanHarness.RunAsync(["--input", RepoPaths.SampleListings, "--output", output], dictionary: null);
        Assert.True(run.ExitCode == 0, run.ToString());

        var verdict = ScanHarness.ReadJsonLines(output).Single(v => (string)v["listing_id"]! == listingId);
        Assert.True((string)verdict["action"]! == expectedAction, $"{listingId}: expected {expectedAction}, got {verdict.ToJsonString()}");
    }

    private static List<string> SampleIds() => ScanHarness.ListingIds(ScanHarness.ReadJsonLines(RepoPaths.SampleListings));

    /// <summary>Each verdict line without scanned_at, re-serialised the way the command writes it.</summary>
    private static string WithoutScannedAt(string jsonLines)
    {
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var result = new StringBuilder();
        foreach (JsonObject verdict in ScanHarness.ParseJsonLines(jsonLines))
        {
            Assert.True(verdict.Remove("scanned_at"), "every verdict has scanned_at");
            result.Append(verdict.ToJsonString(options)).Append('\n');
        }

        return result.ToString();
    }
}
