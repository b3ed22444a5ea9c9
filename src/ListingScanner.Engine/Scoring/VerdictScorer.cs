using System.Text;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;

namespace ListingScanner.Engine.Scoring;

/// <summary>The scorer's decision before it is dressed as a <see cref="Verdict"/>.</summary>
/// <param name="Action">Takedown, review or allow.</param>
/// <param name="Score">0..1: how strongly the evidence points at wildlife trade (explanatory; the rules decide).</param>
/// <param name="Reasons">Human-readable lines, most important first.</param>
public sealed record ScoreResult(VerdictAction Action, double Score, IReadOnlyList<string> Reasons);

/// <summary>
/// Turns the terms found in a listing into a verdict with explicit, explainable rules. Base rates are very low (well
/// under 1% of listings), so a wildlife word alone never takes a listing down: it needs trade intent, and news,
/// enforcement and conservation vocabulary pulls a listing back to allow unless it also carries a real offer.
/// </summary>
/// <remarks>
/// The rules, in order:
/// <list type="number">
/// <item>No wildlife term (species, product, code word) left after allow-phrases: allow.</item>
/// <item>News-like: two or more negative-context terms without a complete offer (price AND a contact or offer word),
/// or any negative-context term with no trade intent at all: allow.</item>
/// <item>A strong product or code word found exactly, with trade intent: takedown (review when the goods are
/// legal-but-restricted, e.g. mammoth ivory).</item>
/// <item>A homophone of a strong product or code word (象芽) with two or more intent signals: takedown.</item>
/// <item>Any other wildlife evidence (a species name, a weak term, a homophone, a strong product without intent)
/// with intent, or a strong product without intent: review.</item>
/// <item>Otherwise (a species name or weak term alone): allow.</item>
/// </list>
/// </remarks>
public static class VerdictScorer
{
    // Evidence weights, combined as a noisy-or (1 - Π(1 - w)) so more independent evidence raises the score with
    // diminishing returns. They shape the explanatory score; the rules above decide the action.
    private const double ProductWeight = 0.8;
    private const double HomophoneProductWeight = 0.5;
    private const double SpeciesWeight = 0.4;
    private const double WeakWeight = 0.3;
    private const double IntentSignalWeight = 0.45;
    private const double NegativeContextDamping = 0.5;

    public static ScoreResult Score(IReadOnlyList<FoundTerm> found, TradeIntentDetector.Signals patterns, bool hasStructuredPrice)
    {
        var products = new List<FoundTerm>();
        var homophoneProducts = new List<FoundTerm>();
        var otherWildlife = new List<FoundTerm>();
        var restricted = new List<FoundTerm>();
        var tradeSignals = new List<FoundTerm>();
        var negatives = new List<FoundTerm>();

        foreach (var term in found)
        {
            switch (term.Entry.Kind)
            {
                case EntryKind.TradeSignal:
                    AddDistinct(tradeSignals, term);
                    break;
                case EntryKind.NegativeContext:
                    AddDistinct(negatives, term);
                    break;
                case EntryKind.AllowPhrase:
                    break; // allow-phrases act in the matcher by suppressing what they cover
                default:
                    if (term.Entry.ReviewOnly)
                    {
                        AddDistinct(restricted, term);
                    }
                    else if (term.IsStrongWildlifeEvidence)
                    {
                        AddDistinct(products, term);
                    }
                    else if (term.Evidence == MatchEvidence.Homophone && term.Entry.Strength == EntryStrength.Strong
                        && term.Entry.Kind is EntryKind.Product or EntryKind.Slang)
                    {
                        AddDistinct(homophoneProducts, term);
                    }
                    else
                    {
                        AddDistinct(otherWildlife, term);
                    }

                    break;
            }
        }

        int wildlifeCount = products.Count + homophoneProducts.Count + otherWildlife.Count + restricted.Count;
        if (wildlifeCount == 0)
        {
            return new ScoreResult(VerdictAction.Allow, 0, ["no protected wildlife terms"]);
        }

        // Weak trade words ("price", "出") count half: on their own they are too common to show an offer.
        double intentSignals = (patterns.HasPrice ? 1 : 0) + (patterns.HasWeight ? 1 : 0) + (hasStructuredPrice ? 1 : 0);
        foreach (var signal in tradeSignals)
        {
            intentSignals += signal.Entry.Strength == EntryStrength.Strong ? 1 : 0.5;
        }

        bool hasPrice = patterns.HasPrice || hasStructuredPrice;
        bool completeOffer = hasPrice && tradeSignals.Count > 0;

        double wildlife = NoisyOr(products.Count, ProductWeight)
            .Combine(NoisyOr(homophoneProducts.Count + restricted.Count, HomophoneProductWeight))
            .Combine(NoisyOr(CountSpecies(otherWildlife), SpeciesWeight))
            .Combine(NoisyOr(otherWildlife.Count - CountSpecies(otherWildlife), WeakWeight));
        double intent = 1 - Math.Pow(1 - IntentSignalWeight, intentSignals);
        double score = wildlife * (0.35 + (0.65 * intent)) * Math.Pow(NegativeContextDamping, negatives.Count);
        score = Math.Round(score, 3);

        var reasons = new List<string>(6);
        bool newsLike = (negatives.Count >= 2 && !completeOffer) || (negatives.Count >= 1 && intentSignals == 0);
        VerdictAction action;
        if (newsLike)
        {
            action = VerdictAction.Allow;
            reasons.Add("news, enforcement or conservation context without an offer to trade");
        }
        else if (products.Count > 0 && intentSignals > 0)
        {
            action = VerdictAction.Takedown;
            reasons.Add("protected wildlife product offered for trade");
        }
        else if (homophoneProducts.Count > 0 && intentSignals >= 2)
        {
            action = VerdictAction.Takedown;
            reasons.Add("protected wildlife product written as a homophone, offered for trade");
        }
        else if (restricted.Count > 0 || products.Count > 0 || intentSignals > 0)
        {
            action = VerdictAction.Review;
            reasons.Add(restricted.Count > 0 && products.Count == 0
                ? "legal-but-restricted wildlife goods: needs a human decision"
                : intentSignals > 0 ? "wildlife terms with trade intent, but evidence is not conclusive"
                : "protected wildlife product mentioned without trade intent");
        }
        else
        {
            action = VerdictAction.Allow;
            reasons.Add("wildlife mention without trade intent");
        }

        Describe(reasons, "product", products);
        Describe(reasons, "homophone of", homophoneProducts);
        Describe(reasons, "restricted goods", restricted);
        Describe(reasons, "wildlife mention", otherWildlife);
        DescribeIntent(reasons, tradeSignals, patterns, hasStructuredPrice);
        Describe(reasons, "negative context", negatives);

        if (action == VerdictAction.Allow && score > 0.2)
        {
            score = 0.2; // keep the score consistent with the action for dashboards that threshold on it
        }

        return new ScoreResult(action, score, reasons);
    }

    private static int CountSpecies(List<FoundTerm> terms)
    {
        int count = 0;
        foreach (var term in terms)
        {
            if (term.Entry.Kind == EntryKind.Species && term.Entry.Strength == EntryStrength.Strong && term.Evidence == MatchEvidence.Exact)
            {
                count++;
            }
        }

        return count;
    }

    private static double NoisyOr(int count, double weight) => count <= 0 ? 0 : 1 - Math.Pow(1 - weight, count);

    private static double Combine(this double a, double b) => 1 - ((1 - a) * (1 - b));

    private static void AddDistinct(List<FoundTerm> list, FoundTerm term)
    {
        foreach (var existing in list)
        {
            if (ReferenceEquals(existing.Entry, term.Entry))
            {
                return;
            }
        }

        list.Add(term);
    }

    private static void Describe(List<string> reasons, string label, List<FoundTerm> terms)
    {
        if (terms.Count == 0)
        {
            return;
        }

        var line = new StringBuilder(label).Append(": ");
        for (int i = 0; i < terms.Count; i++)
        {
            var entry = terms[i].Entry;
            if (i > 0)
            {
                line.Append(", ");
            }

            line.Append(terms[i].Term.Text).Append(" (").Append(entry.Id);
            if (entry.Protection.IsListed)
            {
                line.Append("; ").Append(entry.Protection);
            }

            line.Append(')');
        }

        reasons.Add(line.ToString());
    }

    private static void DescribeIntent(List<string> reasons, List<FoundTerm> signals, TradeIntentDetector.Signals patterns, bool structuredPrice)
    {
        if (signals.Count == 0 && !patterns.HasPrice && !patterns.HasWeight && !structuredPrice)
        {
            return;
        }

        var line = new StringBuilder("trade intent: ");
        bool first = true;
        foreach (var signal in signals)
        {
            Append(line, signal.Term.Text, ref first);
        }

        if (patterns.HasPrice || structuredPrice)
        {
            Append(line, "a price", ref first);
        }

        if (patterns.HasWeight)
        {
            Append(line, "a weight", ref first);
        }

        reasons.Add(line.ToString());

        static void Append(StringBuilder line, string text, ref bool first)
        {
            if (!first)
            {
                line.Append(", ");
            }

            line.Append(text);
            first = false;
        }
    }
}
