using System.Globalization;
using System.Text;
using ListingScanner.Engine.Contract;

namespace ListingScanner.Evaluation;

/// <summary>What the report says about where the figures came from.</summary>
internal sealed record EvaluationContext(
    string InputPath,
    string DictionaryDescription,
    string ScannerVersion,
    string? Note);

/// <summary>
/// Renders an <see cref="EvaluationResult"/> as plain text (console) or Markdown (--report). Both carry the same
/// content; only table and heading syntax differ, so the console and the kept report never disagree.
/// </summary>
internal static class EvaluationReport
{
    private static readonly VerdictAction[] Actions = [VerdictAction.Allow, VerdictAction.Review, VerdictAction.Takedown];

    public static string Render(EvaluationResult result, EvaluationContext context, int worstCount, bool markdown)
    {
        var text = new StringBuilder();
        Heading(text, markdown, 1, "ListingScanner evaluation");
        text.AppendLine(Bullet(markdown) + "Input: " + context.InputPath + " (" + result.Outcomes.Count + " labelled listings)");
        text.AppendLine(Bullet(markdown) + "Dictionary: " + context.DictionaryDescription);
        text.AppendLine(Bullet(markdown) + "Scanner version: " + context.ScannerVersion);
        if (!string.IsNullOrWhiteSpace(context.Note))
        {
            text.AppendLine(Bullet(markdown) + "Note: " + context.Note);
        }

        text.AppendLine();
        Heading(text, markdown, 2, "Overall");
        var overall = new Table("question", "precision", "recall", "F1", "TP", "FP", "FN", "TN");
        AddMetricsRow(overall, "takedown (label takedown vs rest)", result.Takedown);
        AddMetricsRow(overall, "flagged (takedown+review vs allow)", result.Flagged);
        overall.Render(text, markdown);

        text.AppendLine();
        Heading(text, markdown, 2, "Confusion matrix (rows = label, columns = predicted)");
        var confusion = new Table("label \\ predicted", "allow", "review", "takedown", "total");
        foreach (var label in Actions)
        {
            int total = 0;
            var cells = new List<string> { LabelledSetReader.LabelName(label) };
            foreach (var predicted in Actions)
            {
                int count = result.Confusion[(int)label, (int)predicted];
                total += count;
                cells.Add(count.ToString(CultureInfo.InvariantCulture));
            }

            cells.Add(total.ToString(CultureInfo.InvariantCulture));
            confusion.Add([.. cells]);
        }

        confusion.Render(text, markdown);

        text.AppendLine();
        Heading(text, markdown, 2, "Dictionary coverage (listings with at least one species, product or code-word match)");
        var coverage = new Table("label", "matched", "of", "share");
        foreach (var label in Actions)
        {
            int total = 0;
            foreach (var predicted in Actions)
            {
                total += result.Confusion[(int)label, (int)predicted];
            }

            int matched = result.WildlifeMatched[(int)label];
            coverage.Add(
                LabelledSetReader.LabelName(label), Count(matched), Count(total),
                Ratio(total == 0 ? null : (double)matched / total));
        }

        coverage.Render(text, markdown);

        text.AppendLine();
        Heading(text, markdown, 2, "By language");
        var languages = new Table("lang", "n", "takedown P", "takedown R", "takedown F1", "flagged P", "flagged R", "flagged F1");
        foreach (var (lang, takedown, flagged) in result.ByLanguage)
        {
            languages.Add(
                lang, Count(takedown.Total),
                Ratio(takedown.Precision), Ratio(takedown.Recall), Ratio(takedown.F1),
                Ratio(flagged.Precision), Ratio(flagged.Recall), Ratio(flagged.F1));
        }

        languages.Render(text, markdown);

        text.AppendLine();
        Heading(text, markdown, 2, "Errors by category");
        var categories = new Table("category", "n", "errors", "missed takedown", "false takedown", "missed flag", "false flag");
        foreach (var category in result.ByCategory)
        {
            categories.Add(
                category.Category, Count(category.Total), Count(category.Errors),
                Count(category.MissedTakedowns), Count(category.FalseTakedowns),
                Count(category.MissedFlags), Count(category.FalseFlags));
        }

        categories.Render(text, markdown);

        text.AppendLine();
        int errorCount = 0;
        foreach (var outcome in result.Outcomes)
        {
            errorCount += outcome.IsCorrect ? 0 : 1;
        }

        var worst = result.WorstMisses(worstCount);
        Heading(text, markdown, 2, $"Worst misses ({worst.Count} of {errorCount} errors)");
        if (errorCount == 0)
        {
            text.AppendLine("None: every listing got its label.");
        }

        for (int i = 0; i < worst.Count; i++)
        {
            RenderMiss(text, markdown, i + 1, worst[i]);
        }

        text.AppendLine();
        Heading(text, markdown, 2, "Targets");
        text.AppendLine(Bullet(markdown) + PassFail(result.TakedownPrecisionMet)
            + $" takedown precision >= {EvaluationResult.TakedownPrecisionTarget:0.00} (actual {Ratio(result.Takedown.Precision)})");
        text.AppendLine(Bullet(markdown) + PassFail(result.FlaggedRecallMet)
            + $" flagged recall >= {EvaluationResult.FlaggedRecallTarget:0.00} (actual {Ratio(result.Flagged.Recall)})");
        text.AppendLine(Bullet(markdown) + PassFail(result.NoReportingTakedowns)
            + $" no news/NGO/enforcement text flagged as takedown (actual {result.ReportingTakedowns.Count}"
            + ReportingIds(result.ReportingTakedowns) + ")");
        return text.ToString();
    }

    private static void RenderMiss(StringBuilder text, bool markdown, int index, EvaluationOutcome outcome)
    {
        var item = outcome.Item;
        string indent = markdown ? "   " : "    ";
        text.Append(index.ToString(CultureInfo.InvariantCulture)).Append(". ")
            .Append(Code(markdown, item.Listing.ListingId))
            .Append(" (line ").Append(item.LineNumber.ToString(CultureInfo.InvariantCulture)).Append(") label ")
            .Append(LabelledSetReader.LabelName(item.Label)).Append(" -> predicted ")
            .Append(LabelledSetReader.LabelName(outcome.Predicted))
            .Append(", score ").Append(outcome.Verdict.Score.ToString("0.00", CultureInfo.InvariantCulture))
            .Append(" [").Append(item.Lang).Append(", ").Append(item.Category).AppendLine("]");
        text.Append(indent).Append("- title: ").AppendLine(Code(markdown, Snippet(item.Listing.Title, 100)));
        text.Append(indent).Append("- description: ").AppendLine(Code(markdown, Snippet(item.Listing.Description, 140)));

        text.Append(indent).Append("- matches: ");
        if (outcome.Verdict.Matches.Count == 0)
        {
            text.AppendLine("none");
        }
        else
        {
            for (int m = 0; m < outcome.Verdict.Matches.Count; m++)
            {
                var match = outcome.Verdict.Matches[m];
                if (m > 0)
                {
                    text.Append("; ");
                }

                text.Append(match.EntryId).Append('/').Append(match.Kind).Append(' ')
                    .Append(Code(markdown, match.Text)).Append(" in ").Append(match.Field);
            }

            text.AppendLine();
        }

        text.Append(indent).Append("- reasons: ")
            .AppendLine(outcome.Verdict.Reasons.Count == 0 ? "none" : string.Join("; ", outcome.Verdict.Reasons));
    }

    private static string ReportingIds(IReadOnlyList<EvaluationOutcome> outcomes)
    {
        if (outcomes.Count == 0)
        {
            return "";
        }

        var ids = new List<string>(outcomes.Count);
        foreach (var outcome in outcomes)
        {
            ids.Add(outcome.Item.Listing.ListingId);
        }

        return ": " + string.Join(", ", ids);
    }

    private static void AddMetricsRow(Table table, string name, BinaryMetrics metrics) =>
        table.Add(
            name, Ratio(metrics.Precision), Ratio(metrics.Recall), Ratio(metrics.F1),
            Count(metrics.TruePositives), Count(metrics.FalsePositives),
            Count(metrics.FalseNegatives), Count(metrics.TrueNegatives));

    private static string PassFail(bool met) => met ? "PASS" : "FAIL";

    private static string Ratio(double? value) =>
        value is double v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bullet(bool markdown) => markdown ? "- " : "  ";

    private static void Heading(StringBuilder text, bool markdown, int level, string title)
    {
        if (markdown)
        {
            text.Append('#', level).Append(' ').AppendLine(title);
            text.AppendLine();
        }
        else
        {
            text.AppendLine(level == 1 ? title.ToUpperInvariant() : title);
            text.AppendLine(new string(level == 1 ? '=' : '-', title.Length));
        }
    }

    private static string Code(bool markdown, string value) =>
        markdown ? "`" + value.Replace('`', '\'') + "`" : value;

    /// <summary>One line of at most <paramref name="max"/> text elements (never splits an emoji or surrogate pair).</summary>
    private static string Snippet(string? value, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "(none)";
        }

        string oneLine = value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        var elements = StringInfo.GetTextElementEnumerator(oneLine);
        int count = 0;
        while (elements.MoveNext())
        {
            count++;
            if (count > max)
            {
                return oneLine[..elements.ElementIndex] + "...";
            }
        }

        return oneLine;
    }

    /// <summary>A small table rendered as padded columns or as a Markdown table.</summary>
    private sealed class Table(params string[] headers)
    {
        private readonly List<string[]> _rows = [];

        public void Add(params string[] cells) => _rows.Add(cells);

        public void Render(StringBuilder text, bool markdown)
        {
            if (markdown)
            {
                text.Append("| ").Append(string.Join(" | ", headers)).AppendLine(" |");
                text.Append('|');
                for (int i = 0; i < headers.Length; i++)
                {
                    text.Append(i == 0 ? " --- |" : " ---: |");
                }

                text.AppendLine();
                foreach (var row in _rows)
                {
                    text.Append("| ").Append(string.Join(" | ", row)).AppendLine(" |");
                }

                return;
            }

            var widths = new int[headers.Length];
            for (int i = 0; i < headers.Length; i++)
            {
                widths[i] = headers[i].Length;
                foreach (var row in _rows)
                {
                    widths[i] = Math.Max(widths[i], row[i].Length);
                }
            }

            AppendPadded(text, headers, widths);
            foreach (var row in _rows)
            {
                AppendPadded(text, row, widths);
            }
        }

        private static void AppendPadded(StringBuilder text, string[] cells, int[] widths)
        {
            text.Append("  ");
            for (int i = 0; i < cells.Length; i++)
            {
                // First column (names) left-aligned, numbers right-aligned.
                text.Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
                if (i < cells.Length - 1)
                {
                    text.Append("  ");
                }
            }

            text.AppendLine();
        }
    }
}
