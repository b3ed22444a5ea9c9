using ListingScanner.Engine.Contract;

namespace ListingScanner.Evaluation;

/// <summary>Precision, recall and F1 of one yes/no question ("is it a takedown?", "is it flagged?").</summary>
/// <remarks>
/// A ratio with a zero denominator is null ("n/a") rather than 0 or 1: a scanner that never predicts takedown has no
/// takedown precision to speak of, and reporting 1.0 would make an empty engine look perfect.
/// </remarks>
internal readonly record struct BinaryMetrics(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public double? Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    public double? Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    public double? F1
    {
        get
        {
            if (Precision is not double p || Recall is not double r)
            {
                return null;
            }

            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    public int Total => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    private static double? Ratio(int numerator, int denominator) =>
        denominator == 0 ? null : (double)numerator / denominator;
}

/// <summary>One labelled listing with the verdict the scanner gave it.</summary>
internal sealed record EvaluationOutcome(LabelledListing Item, Verdict Verdict)
{
    public VerdictAction Predicted => Verdict.Action;

    public bool IsCorrect => Item.Label == Verdict.Action;
}

/// <summary>Error counts for one category of the set.</summary>
internal sealed class CategoryErrors
{
    public required string Category { get; init; }
    public int Total { get; set; }

    /// <summary>Any disagreement between label and prediction.</summary>
    public int Errors { get; set; }

    /// <summary>Labelled takedown, predicted review or allow.</summary>
    public int MissedTakedowns { get; set; }

    /// <summary>Predicted takedown, labelled review or allow.</summary>
    public int FalseTakedowns { get; set; }

    /// <summary>Labelled takedown or review, predicted allow.</summary>
    public int MissedFlags { get; set; }

    /// <summary>Labelled allow, predicted review or takedown.</summary>
    public int FalseFlags { get; set; }
}

/// <summary>Everything the eval command reports, computed once from the outcomes.</summary>
internal sealed class EvaluationResult
{
    /// <summary>Categories whose texts are reporting about the trade, never offers: flagging one as takedown fails the run.</summary>
    public static readonly IReadOnlySet<string> ReportingCategories =
        new HashSet<string>(StringComparer.Ordinal) { "news", "ngo_report", "enforcement" };

    public const double TakedownPrecisionTarget = 0.95;
    public const double FlaggedRecallTarget = 0.90;

    public required IReadOnlyList<EvaluationOutcome> Outcomes { get; init; }

    /// <summary>Confusion[label, predicted], indexed by (int)VerdictAction: Allow=0, Review=1, Takedown=2.</summary>
    public required int[,] Confusion { get; init; }

    public required BinaryMetrics Takedown { get; init; }
    public required BinaryMetrics Flagged { get; init; }

    /// <summary>Per language, in first-seen order of the set.</summary>
    public required IReadOnlyList<(string Lang, BinaryMetrics Takedown, BinaryMetrics Flagged)> ByLanguage { get; init; }

    /// <summary>Per category, sorted by number of errors (most first), then name.</summary>
    public required IReadOnlyList<CategoryErrors> ByCategory { get; init; }

    /// <summary>
    /// Per label (indexed like <see cref="Confusion"/>), how many listings had at least one wildlife match (species,
    /// product or code word). Separates "the dictionary never saw it" from "the scorer saw it and decided otherwise".
    /// </summary>
    public required int[] WildlifeMatched { get; init; }

    /// <summary>News, NGO and enforcement texts the scanner would have taken down.</summary>
    public required IReadOnlyList<EvaluationOutcome> ReportingTakedowns { get; init; }

    public bool TakedownPrecisionMet => Takedown.Precision is double p && p >= TakedownPrecisionTarget;

    public bool FlaggedRecallMet => Flagged.Recall is double r && r >= FlaggedRecallTarget;

    public bool NoReportingTakedowns => ReportingTakedowns.Count == 0;

    /// <summary>
    /// The misclassifications a dictionary or scoring author should look at first: missed takedowns (allow before
    /// review), then false takedowns of allowed texts (news, NGO and enforcement texts first), then the rest.
    /// </summary>
    public IReadOnlyList<EvaluationOutcome> WorstMisses(int count)
    {
        var ranked = new List<(int Rank, EvaluationOutcome Outcome)>();
        foreach (var outcome in Outcomes)
        {
            int rank = MissRank(outcome);
            if (rank >= 0)
            {
                ranked.Add((rank, outcome));
            }
        }

        // Stable order inside a rank: the order of the file, so reruns list the same misses.
        ranked.Sort((a, b) => a.Rank != b.Rank
            ? a.Rank.CompareTo(b.Rank)
            : a.Outcome.Item.LineNumber.CompareTo(b.Outcome.Item.LineNumber));

        var worst = new List<EvaluationOutcome>(Math.Min(count, ranked.Count));
        for (int i = 0; i < ranked.Count && i < count; i++)
        {
            worst.Add(ranked[i].Outcome);
        }

        return worst;
    }

    /// <summary>Lower is worse; -1 for a correct prediction.</summary>
    private static int MissRank(EvaluationOutcome outcome)
    {
        VerdictAction label = outcome.Item.Label;
        VerdictAction predicted = outcome.Predicted;
        if (label == predicted)
        {
            return -1;
        }

        bool reporting = ReportingCategories.Contains(outcome.Item.Category);
        return (label, predicted) switch
        {
            (VerdictAction.Takedown, VerdictAction.Allow) => 0,
            (VerdictAction.Allow, VerdictAction.Takedown) when reporting => 1,
            (VerdictAction.Takedown, VerdictAction.Review) => 2,
            (VerdictAction.Allow, VerdictAction.Takedown) => 3,
            (VerdictAction.Review, VerdictAction.Allow) => 4,
            (VerdictAction.Review, VerdictAction.Takedown) => 5,
            _ => 6, // allow predicted review: costs moderator time, not a wrong removal
        };
    }
}

/// <summary>Scans every labelled listing and computes the figures.</summary>
internal static class Evaluator
{
    /// <param name="items">The labelled set.</param>
    /// <param name="scan">The scanner under test (normally <c>ScanEngine.Scan</c>); injectable so the arithmetic can be tested alone.</param>
    public static EvaluationResult Evaluate(IReadOnlyList<LabelledListing> items, Func<ListingEvent, Verdict> scan)
    {
        var outcomes = new List<EvaluationOutcome>(items.Count);
        foreach (var item in items)
        {
            outcomes.Add(new EvaluationOutcome(item, scan(item.Listing)));
        }

        return Summarise(outcomes);
    }

    public static EvaluationResult Summarise(IReadOnlyList<EvaluationOutcome> outcomes)
    {
        var confusion = new int[3, 3];
        var wildlifeMatched = new int[3];
        var languages = new List<string>();
        var languageOutcomes = new Dictionary<string, List<EvaluationOutcome>>(StringComparer.Ordinal);
        var categories = new Dictionary<string, CategoryErrors>(StringComparer.Ordinal);
        var reportingTakedowns = new List<EvaluationOutcome>();

        foreach (var outcome in outcomes)
        {
            confusion[(int)outcome.Item.Label, (int)outcome.Predicted]++;
            if (HasWildlifeMatch(outcome.Verdict))
            {
                wildlifeMatched[(int)outcome.Item.Label]++;
            }

            if (!languageOutcomes.TryGetValue(outcome.Item.Lang, out var forLanguage))
            {
                forLanguage = [];
                languageOutcomes.Add(outcome.Item.Lang, forLanguage);
                languages.Add(outcome.Item.Lang);
            }

            forLanguage.Add(outcome);

            if (!categories.TryGetValue(outcome.Item.Category, out var category))
            {
                category = new CategoryErrors { Category = outcome.Item.Category };
                categories.Add(outcome.Item.Category, category);
            }

            CountError(category, outcome);

            if (outcome.Predicted == VerdictAction.Takedown
                && EvaluationResult.ReportingCategories.Contains(outcome.Item.Category))
            {
                reportingTakedowns.Add(outcome);
            }
        }

        var byLanguage = new List<(string, BinaryMetrics, BinaryMetrics)>(languages.Count);
        foreach (string lang in languages)
        {
            var forLanguage = languageOutcomes[lang];
            byLanguage.Add((lang, Binary(forLanguage, IsTakedown), Binary(forLanguage, IsFlagged)));
        }

        var byCategory = new List<CategoryErrors>(categories.Values);
        byCategory.Sort((a, b) => a.Errors != b.Errors
            ? b.Errors.CompareTo(a.Errors)
            : string.CompareOrdinal(a.Category, b.Category));

        return new EvaluationResult
        {
            Outcomes = outcomes,
            Confusion = confusion,
            WildlifeMatched = wildlifeMatched,
            Takedown = Binary(outcomes, IsTakedown),
            Flagged = Binary(outcomes, IsFlagged),
            ByLanguage = byLanguage,
            ByCategory = byCategory,
            ReportingTakedowns = reportingTakedowns,
        };
    }

    private static bool HasWildlifeMatch(Verdict verdict)
    {
        foreach (var match in verdict.Matches)
        {
            // Case-insensitive: the wire form is snake_case ("product"), but the kind is a plain name either way.
            if (match.Kind.Equals("species", StringComparison.OrdinalIgnoreCase)
                || match.Kind.Equals("product", StringComparison.OrdinalIgnoreCase)
                || match.Kind.Equals("slang", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTakedown(VerdictAction action) => action == VerdictAction.Takedown;

    private static bool IsFlagged(VerdictAction action) => action != VerdictAction.Allow;

    private static BinaryMetrics Binary(IReadOnlyList<EvaluationOutcome> outcomes, Func<VerdictAction, bool> positive)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var outcome in outcomes)
        {
            bool actual = positive(outcome.Item.Label);
            bool predicted = positive(outcome.Predicted);
            if (actual && predicted)
            {
                tp++;
            }
            else if (predicted)
            {
                fp++;
            }
            else if (actual)
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }

        return new BinaryMetrics(tp, fp, fn, tn);
    }

    private static void CountError(CategoryErrors category, EvaluationOutcome outcome)
    {
        category.Total++;
        if (outcome.IsCorrect)
        {
            return;
        }

        category.Errors++;
        VerdictAction label = outcome.Item.Label;
        VerdictAction predicted = outcome.Predicted;
        if (label == VerdictAction.Takedown)
        {
            category.MissedTakedowns++;
        }

        if (predicted == VerdictAction.Takedown)
        {
            category.FalseTakedowns++;
        }

        if (label != VerdictAction.Allow && predicted == VerdictAction.Allow)
        {
            category.MissedFlags++;
        }

        if (label == VerdictAction.Allow && predicted != VerdictAction.Allow)
        {
            category.FalseFlags++;
        }
    }
}
