using ListingScanner.Engine.Contract;
using ListingScanner.Evaluation;

namespace ListingScanner.Engine.Tests.Evaluation;

/// <summary>The bundled dev set is data the release targets are measured on: it must parse and keep its shape.</summary>
public class DevSetTests
{
    private static readonly string DevSetPath = Path.Combine(AppContext.BaseDirectory, "data", "eval", "dev-set.jsonl");

    private static LabelledSet Read()
    {
        Assert.True(File.Exists(DevSetPath), "dev set not copied to the test output: " + DevSetPath);
        return LabelledSetReader.Read(DevSetPath);
    }

    [Fact]
    public void Every_line_of_the_dev_set_parses()
    {
        var set = Read();
        Assert.Equal([], set.Errors);
    }

    [Fact]
    public void The_dev_set_meets_the_composition_minimums()
    {
        var set = Read();
        int total = set.Items.Count;
        int takedown = set.Items.Count(i => i.Label == VerdictAction.Takedown);
        int review = set.Items.Count(i => i.Label == VerdictAction.Review);
        int allow = set.Items.Count(i => i.Label == VerdictAction.Allow);

        Assert.True(total >= 320, $"{total} listings, need at least 320");
        // Roughly 40% takedown, 15% review, 45% allow.
        Assert.InRange(takedown / (double)total, 0.35, 0.45);
        Assert.InRange(review / (double)total, 0.12, 0.20);
        Assert.InRange(allow / (double)total, 0.40, 0.50);

        int Lang(string lang) => set.Items.Count(i => i.Lang == lang);
        Assert.True(Lang("zh-Hant") >= 40, $"zh-Hant: {Lang("zh-Hant")}");
        Assert.True(Lang("en") >= 60, $"en: {Lang("en")}");
        Assert.True(Lang("vi") + Lang("id") >= 30, $"vi+id: {Lang("vi") + Lang("id")}");
        Assert.True(Lang("zh-Hans") >= 60, $"zh-Hans: {Lang("zh-Hans")}");
        Assert.Equal(total, Lang("zh-Hans") + Lang("zh-Hant") + Lang("en") + Lang("vi") + Lang("id"));

        // Hard negatives: reporting texts dense with trigger words must be well represented, and always allowed.
        var reporting = set.Items.Where(i => EvaluationResult.ReportingCategories.Contains(i.Category)).ToList();
        Assert.True(reporting.Count >= 25, $"news/NGO/enforcement: {reporting.Count}");
        Assert.All(reporting, i => Assert.Equal(VerdictAction.Allow, i.Label));
        Assert.True(set.Items.Count(i => i.Category == "legal_lookalike") >= 40);
    }

    [Fact]
    public void The_kept_report_was_generated_from_the_current_dev_set()
    {
        // The report's figures depend on the engine, so they cannot be checked here; its listing count can, and it
        // catches a dev-set edit committed without regenerating the report (command in data/eval/README.md).
        var set = Read();
        string report = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "eval", "dev-set-report.md"));
        Assert.Contains($"dev-set.jsonl ({set.Items.Count} labelled listings)", report);
    }

    [Fact]
    public void Every_listing_says_why_it_has_its_label_and_declares_a_consistent_language()
    {
        var set = Read();
        Assert.All(set.Items, item =>
        {
            Assert.False(
                string.IsNullOrWhiteSpace(item.Source) && string.IsNullOrWhiteSpace(item.Reason),
                $"{item.Listing.ListingId}: needs a source or a reason");
            Assert.Matches("^dev-[0-9]{4}$", item.Listing.ListingId);
            Assert.False(string.IsNullOrWhiteSpace(item.Listing.Title) && string.IsNullOrWhiteSpace(item.Listing.Description));
            if (item.Listing.Language is not null)
            {
                Assert.Equal(item.Lang, item.Listing.Language);
            }
        });
    }
}
