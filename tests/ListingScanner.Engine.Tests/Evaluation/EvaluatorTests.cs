using System.Text;
using ListingScanner.Commands;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Evaluation;

namespace ListingScanner.Engine.Tests.Evaluation;

public sealed class EvaluatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eval-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Ten hand-labelled listings. The scripted prediction of each is in its id ("<label>-to-<predicted>-n") so the
    // expected figures below can be checked by hand:
    //   takedown: TP a,b  FP h  FN c,d  TN e,f,g,i,j  -> P 2/3, R 1/2, F1 4/7
    //   flagged:  TP a,b,c,e  FP h,i  FN d,f  TN g,j  -> P 2/3, R 2/3, F1 2/3
    private const string TinySet = """
        {"listing_id":"a","title":"t","label":"takedown","lang":"en","category":"overt_sale","reason":"r"}
        {"listing_id":"b","title":"t","label":"takedown","lang":"zh-Hans","category":"overt_sale","reason":"r"}
        {"listing_id":"c","title":"t","label":"takedown","lang":"zh-Hans","category":"homophone","reason":"r"}
        {"listing_id":"d","title":"t","label":"takedown","lang":"en","category":"code_word","reason":"r"}
        {"listing_id":"e","title":"t","label":"review","lang":"en","category":"mammoth","reason":"r"}

        {"listing_id":"f","title":"t","label":"review","lang":"zh-Hans","category":"antique_claim","reason":"r"}
        {"listing_id":"g","title":"t","label":"allow","lang":"zh-Hans","category":"legal_lookalike","source":"s"}
        {"listing_id":"h","title":"t","label":"allow","lang":"en","category":"news","source":"s"}
        {"listing_id":"i","title":"t","label":"allow","lang":"en","category":"legal_lookalike","source":"s"}
        {"listing_id":"j","title":"t","label":"allow","lang":"en","category":"news","source":"s"}
        """;

    private static readonly Dictionary<string, VerdictAction> Predictions = new()
    {
        ["a"] = VerdictAction.Takedown,
        ["b"] = VerdictAction.Takedown,
        ["c"] = VerdictAction.Review,
        ["d"] = VerdictAction.Allow,
        ["e"] = VerdictAction.Review,
        ["f"] = VerdictAction.Allow,
        ["g"] = VerdictAction.Allow,
        ["h"] = VerdictAction.Takedown,
        ["i"] = VerdictAction.Review,
        ["j"] = VerdictAction.Allow,
    };

    private static Verdict Scripted(ListingEvent listing) => new()
    {
        ListingId = listing.ListingId,
        Action = Predictions[listing.ListingId],
        Score = 0.5,
        Reasons = ["scripted"],
        Matches = listing.ListingId switch
        {
            // Wildlife matches on a (takedown) and h (allow); c only has a news-context match, which is not wildlife.
            "a" or "h" => [Match("product")],
            "c" => [Match("negative_context")],
            _ => [],
        },
        DictionaryVersion = "scripted",
        ScannerVersion = "0",
        ScannedAt = DateTimeOffset.UnixEpoch,
    };

    private static VerdictMatch Match(string kind) => new()
    {
        EntryId = "e",
        Kind = kind,
        Term = "t",
        Field = "title",
        Start = 0,
        Length = 1,
        Text = "t",
    };

    private static EvaluationResult EvaluateTinySet()
    {
        var set = LabelledSetReader.Parse("tiny.jsonl", Encoding.UTF8.GetBytes(TinySet));
        Assert.Empty(set.Errors);
        Assert.Equal(10, set.Items.Count);
        return Evaluator.Evaluate(set.Items, Scripted);
    }

    [Fact]
    public void Takedown_and_flagged_metrics_are_exact_on_a_hand_checked_set()
    {
        var result = EvaluateTinySet();

        Assert.Equal(new BinaryMetrics(2, 1, 2, 5), result.Takedown);
        Assert.Equal(2.0 / 3, result.Takedown.Precision!.Value, 12);
        Assert.Equal(0.5, result.Takedown.Recall!.Value, 12);
        Assert.Equal(4.0 / 7, result.Takedown.F1!.Value, 12);

        Assert.Equal(new BinaryMetrics(4, 2, 2, 2), result.Flagged);
        Assert.Equal(2.0 / 3, result.Flagged.Precision!.Value, 12);
        Assert.Equal(2.0 / 3, result.Flagged.Recall!.Value, 12);
        Assert.Equal(2.0 / 3, result.Flagged.F1!.Value, 12);
    }

    [Fact]
    public void Confusion_matrix_rows_are_labels_and_columns_are_predictions()
    {
        var result = EvaluateTinySet();

        // [label, predicted] with Allow=0, Review=1, Takedown=2.
        int[,] expected =
        {
            { 2, 1, 1 }, // allow: g,j / i / h
            { 1, 1, 0 }, // review: f / e / -
            { 1, 1, 2 }, // takedown: d / c / a,b
        };
        Assert.Equal(expected, result.Confusion);

        // [allow, review, takedown]: h; none; a (c's negative-context match does not count).
        Assert.Equal([1, 0, 1], result.WildlifeMatched);
    }

    [Fact]
    public void Per_language_categories_targets_and_worst_misses_follow_the_outcomes()
    {
        var result = EvaluateTinySet();

        var (enLang, enTakedown, enFlagged) = result.ByLanguage[0];
        Assert.Equal("en", enLang);
        Assert.Equal(new BinaryMetrics(1, 1, 1, 3), enTakedown); // a / h / d / e,i,j
        Assert.Equal(new BinaryMetrics(2, 2, 1, 1), enFlagged);  // a,e / h,i / d / j
        var (zhLang, zhTakedown, zhFlagged) = result.ByLanguage[1];
        Assert.Equal("zh-Hans", zhLang);
        Assert.Equal(new BinaryMetrics(1, 0, 1, 2), zhTakedown); // b / - / c / f,g
        Assert.Equal(new BinaryMetrics(2, 0, 1, 1), zhFlagged);  // b,c / - / f / g

        var news = result.ByCategory.Single(c => c.Category == "news");
        Assert.Equal((2, 1, 0, 1, 0, 1), (news.Total, news.Errors, news.MissedTakedowns, news.FalseTakedowns, news.MissedFlags, news.FalseFlags));
        var codeWord = result.ByCategory.Single(c => c.Category == "code_word");
        Assert.Equal((1, 1, 1, 0, 1, 0), (codeWord.Total, codeWord.Errors, codeWord.MissedTakedowns, codeWord.FalseTakedowns, codeWord.MissedFlags, codeWord.FalseFlags));
        Assert.Equal(0, result.ByCategory.Single(c => c.Category == "overt_sale").Errors);

        Assert.False(result.TakedownPrecisionMet);
        Assert.False(result.FlaggedRecallMet);
        Assert.Equal(["h"], result.ReportingTakedowns.Select(o => o.Item.Listing.ListingId));

        // Missed takedowns first, then the news text taken down, then the rest.
        Assert.Equal(["d", "h", "c", "f", "i"], result.WorstMisses(10).Select(o => o.Item.Listing.ListingId));
        Assert.Equal(["d", "h"], result.WorstMisses(2).Select(o => o.Item.Listing.ListingId));
    }

    [Fact]
    public void A_scanner_that_never_takes_down_has_no_takedown_precision_and_fails_that_target()
    {
        var metrics = new BinaryMetrics(0, 0, 3, 5);
        Assert.Null(metrics.Precision);
        Assert.Equal(0.0, metrics.Recall);
        Assert.Null(metrics.F1);
    }

    [Fact]
    public void Eval_command_scans_with_a_hand_built_dictionary_and_writes_the_same_figures_to_the_markdown_report()
    {
        // The engine is being replaced, so this end-to-end test asserts only what does not depend on its decisions
        // (label totals, positives per question, console and report agreeing); the exact arithmetic is pinned by
        // the scripted tests above.
        string input = Write("set.jsonl", """
            {"listing_id":"p1","title":"出售 象牙手镯","description":"重42克 微信 abc","label":"takedown","lang":"zh-Hans","category":"overt_sale","reason":"r"}
            {"listing_id":"p2","title":"ivory bangle for sale","description":"42 g, WhatsApp me","label":"takedown","lang":"en","category":"overt_sale","reason":"r"}
            {"listing_id":"p3","title":"白色老骨 手串","description":"懂的私聊","label":"review","lang":"zh-Hans","category":"weak_evidence","reason":"r"}
            {"listing_id":"n1","title":"虎皮鹦鹉 一对","description":"带笼子","label":"allow","lang":"zh-Hans","category":"legal_lookalike","source":"s"}
            {"listing_id":"n2","title":"wedding dress","description":"cream satin","label":"allow","lang":"en","category":"legal_lookalike","source":"s"}
            """);
        var dictionary = new WildlifeDictionary
        {
            Version = "t1",
            Entries =
            [
                new DictionaryEntry
                {
                    Id = "ivory",
                    Kind = EntryKind.Product,
                    Terms = [new DictionaryTerm("象牙", "zh-Hans", "test"), new DictionaryTerm("ivory", "en", "test")],
                },
            ],
        };
        string report = Path.Combine(_directory, "report.md");
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = EvalCommand.Execute(input, dictionary, report, worst: 5, note: "unit test", output, error);

        Assert.Equal(0, exit);
        Assert.Equal("", error.ToString());
        string console = output.ToString();
        string markdown = File.ReadAllText(report);
        Assert.StartsWith("# ListingScanner evaluation", markdown);
        Assert.Contains("- Note: unit test", markdown);
        Assert.Contains("- Dictionary: t1 ((inline), 1 entries)", markdown);
        Assert.Contains("Confusion matrix (rows = label, columns = predicted)", console);

        // Flagged question: 3 labelled positives (p1,p2,p3), 2 labelled negatives (n1,n2), whatever the predictions.
        string[] flaggedConsole = Cells(console, "flagged (takedown+review vs allow)");
        string[] flaggedMarkdown = Cells(markdown, "| flagged (takedown+review vs allow) |");
        Assert.Equal(flaggedConsole, flaggedMarkdown);
        int tp = int.Parse(flaggedConsole[3]), fp = int.Parse(flaggedConsole[4]);
        int fn = int.Parse(flaggedConsole[5]), tn = int.Parse(flaggedConsole[6]);
        Assert.Equal(3, tp + fn);
        Assert.Equal(2, fp + tn);

        // Confusion totals per label row are the label counts.
        Assert.Equal("2", Cells(markdown, "| allow |")[^1]);
        Assert.Equal("1", Cells(markdown, "| review |")[^1]);
        Assert.Equal("2", Cells(markdown, "| takedown |")[^1]);
        Assert.Contains("takedown precision >= 0.95", markdown);
    }

    /// <summary>The cells after the row name of the first line starting with <paramref name="rowStart"/>.</summary>
    private static string[] Cells(string text, string rowStart)
    {
        string line = text.Split('\n').First(l => l.TrimStart().StartsWith(rowStart, StringComparison.Ordinal));
        string rest = line.TrimStart()[rowStart.Length..];
        return rest.Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Bad_lines_are_reported_with_line_numbers_and_nothing_is_evaluated()
    {
        string input = Write("bad.jsonl", """
            {"listing_id":"ok","title":"t","label":"allow","lang":"en","category":"news","reason":"r"}
            {"listing_id":"broken","title":
            {"listing_id":"nolabel","title":"t","lang":"en","category":"news","reason":"r"}
            {"listing_id":"badlabel","title":"t","label":"remove","lang":"en","category":"news","reason":"r"}
            {"title":"t","label":"allow","lang":"en","category":"news","reason":"r"}
            {"listing_id":"ok","title":"t","label":"allow","lang":"en","category":"news","reason":"r"}
            {"listing_id":"nolang","title":"t","label":"allow","category":"news","reason":"r"}
            """);
        string report = Path.Combine(_directory, "report.md");
        var output = new StringWriter();
        var error = new StringWriter();
        var dictionary = new WildlifeDictionary { Version = "t1", Entries = [] };

        int exit = EvalCommand.Execute(input, dictionary, report, worst: 5, note: null, output, error);

        Assert.Equal(2, exit);
        string errors = error.ToString();
        Assert.Contains(input + ":2: invalid JSON", errors);
        Assert.Contains(input + ":3: label is missing", errors);
        Assert.Contains(input + ":4: unknown label \"remove\"", errors);
        Assert.Contains(input + ":5: listing_id is missing", errors);
        Assert.Contains(input + ":6: listing_id \"ok\" already used on line 1", errors);
        Assert.Contains(input + ":7: lang is missing", errors);
        Assert.Contains("6 bad line(s)", errors);
        Assert.DoesNotContain(":1:", errors);
        Assert.Equal("", output.ToString());
        Assert.False(File.Exists(report));
    }

    [Fact]
    public void A_byte_order_mark_crlf_line_ends_and_blank_lines_are_accepted_and_line_numbers_still_count_them()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(
            "\uFEFF{\"listing_id\":\"x\",\"title\":\"t\",\"label\":\"allow\",\"lang\":\"en\",\"category\":\"news\",\"reason\":\"r\"}\r\n"
            + "\r\n"
            + "{\"listing_id\":\"y\",\"title\":\"t\",\"label\":\"review\",\"lang\":\"vi\",\"category\":\"mammoth\",\"source\":\"s\"}");

        var set = LabelledSetReader.Parse("crlf.jsonl", bytes);

        Assert.Empty(set.Errors);
        Assert.Equal([1, 3], set.Items.Select(i => i.LineNumber));
        Assert.Equal(VerdictAction.Review, set.Items[1].Label);
        Assert.Equal(("vi", "mammoth", "s", (string?)null), (set.Items[1].Lang, set.Items[1].Category, set.Items[1].Source, set.Items[1].Reason));
    }

    [Fact]
    public void An_empty_file_is_an_error_not_an_empty_evaluation()
    {
        var set = LabelledSetReader.Parse("empty.jsonl", "\n\n"u8);
        Assert.Equal(["empty.jsonl: the file has no labelled listings"], set.Errors);
    }

    [Fact]
    public void A_missing_input_file_is_a_one_line_error_not_a_stack_trace()
    {
        var error = new StringWriter();
        var dictionary = new WildlifeDictionary { Version = "t1", Entries = [] };

        int exit = EvalCommand.Execute(Path.Combine(_directory, "nope.jsonl"), dictionary, null, 5, null, new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.StartsWith("listing-scanner eval: cannot read ", error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
