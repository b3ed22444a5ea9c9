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
/// under 1% of listings), so a wildlife word alone never takes a listing down: it needs trade intent, and the
/// negative-context roles (reporting, legal claims, imitation, negation) pull a listing back.
/// </summary>
/// <remarks>
/// The rules, in order:
/// <list type="number">
/// <item>A wildlife term right after a negation (非象牙, not ivory, không phải mai rùa) does not count.</item>
/// <item>No wildlife term (species, product, code word) left: allow.</item>
/// <item>Reporting vocabulary (news, enforcement, research, museums) without a complete offer (a price AND a trade
/// signal), and without restricted goods or a legal claim (a seller of mammoth ivory cites customs papers): allow. With a complete offer: at most review, since reports quote ads with prices and contacts. A
/// reporting text is never taken down automatically.</item>
/// <item>A strong product or code word found exactly, with trade intent: takedown.</item>
/// <item>A homophone of a strong product or code word (象芽), or an ambiguous code word (白料, bovine bone, pinyin), with
/// two or more intent signals of which one is a strong trade signal: takedown. A species name or a weak product word
/// (ivory, 🦏) needs three intent signals, two of them strong trade signals.</item>
/// <item>Review: legal-but-restricted goods or a legal claim (antique, captive-bred) about wildlife, a strong product
/// or homophone without enough intent, a code word with any intent, or a species name with a real trade signal (a
/// contact, an offer word: a live animal offered). A species name with only a price or a weight (老虎斑 fish, a tiger
/// rug) is allowed: names are too common to review on thin evidence. Otherwise (a species name or weak term alone): allow.</item>
/// <item>Caps: legal-but-restricted goods (mammoth ivory), a legal claim (antique, captive-bred, with papers) unless
/// the offer is blatant (two trade signals, a price and a weight), or imitation wording (仿, faux, resin) turn a
/// takedown into review. A look-alike object (toy, 造型, shaped like, acetate) is allowed unless the offer is blatant.</item>
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

    // Most listings mention no wildlife at all: they share one result instead of allocating the lists below.
    private static readonly ScoreResult NoWildlife = new(VerdictAction.Allow, 0, ["no protected wildlife terms"]);

    public static ScoreResult Score(IReadOnlyList<FoundTerm> found, TradeIntentDetector.Signals patterns, bool hasStructuredPrice)
    {
        if (!AnyWildlife(found))
        {
            return NoWildlife;
        }

        var products = new List<FoundTerm>();
        var homophoneProducts = new List<FoundTerm>();
        var otherWildlife = new List<FoundTerm>();
        var restricted = new List<FoundTerm>();
        var tradeSignals = new List<FoundTerm>();
        var reporting = new List<FoundTerm>();
        var legalClaims = new List<FoundTerm>();
        var imitations = new List<FoundTerm>();
        var lookalikes = new List<FoundTerm>();
        var negated = new List<FoundTerm>();

        foreach (var term in found)
        {
            switch (term.Entry.Kind)
            {
                case EntryKind.TradeSignal:
                    AddDistinct(tradeSignals, term);
                    break;
                case EntryKind.NegativeContext:
                    switch (term.Entry.Role)
                    {
                        case ContextRole.LegalClaim:
                            AddDistinct(legalClaims, term);
                            break;
                        case ContextRole.Imitation:
                            AddDistinct(imitations, term);
                            break;
                        case ContextRole.Lookalike:
                            AddDistinct(lookalikes, term);
                            break;
                        case ContextRole.Negation:
                            break; // acts on the wildlife term right after it, below
                        default:
                            AddDistinct(reporting, term);
                            break;
                    }

                    break;
                case EntryKind.AllowPhrase:
                    break; // allow-phrases act in the matcher by suppressing what they cover
                default:
                    if (IsNegated(found, term))
                    {
                        AddDistinct(negated, term);
                    }
                    else if (term.Entry.ReviewOnly)
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
            return negated.Count > 0
                ? new ScoreResult(VerdictAction.Allow, 0, ["wildlife terms only in negations", Line("negated", negated)])
                : new ScoreResult(VerdictAction.Allow, 0, ["no protected wildlife terms"]);
        }

        // Weak trade words ("price", "出") count half: on their own they are too common to show an offer.
        double intentSignals = (patterns.HasPrice ? 1 : 0) + (patterns.HasWeight ? 1 : 0) + (hasStructuredPrice ? 1 : 0);
        int strongSignals = 0;
        foreach (var signal in tradeSignals)
        {
            bool strong = signal.Entry.Strength == EntryStrength.Strong;
            intentSignals += strong ? 1 : 0.5;
            strongSignals += strong ? 1 : 0;
        }

        bool hasPrice = patterns.HasPrice || hasStructuredPrice;
        bool completeOffer = hasPrice && strongSignals > 0;
        int negatives = reporting.Count + legalClaims.Count + imitations.Count + lookalikes.Count;

        double wildlife = NoisyOr(products.Count, ProductWeight)
            .Combine(NoisyOr(homophoneProducts.Count + restricted.Count, HomophoneProductWeight))
            .Combine(NoisyOr(CountSpecies(otherWildlife), SpeciesWeight))
            .Combine(NoisyOr(otherWildlife.Count - CountSpecies(otherWildlife), WeakWeight));
        double intent = 1 - Math.Pow(1 - IntentSignalWeight, intentSignals);
        double score = wildlife * (0.35 + (0.65 * intent)) * Math.Pow(NegativeContextDamping, negatives);
        score = Math.Round(score, 3);

        var reasons = new List<string>(8);
        VerdictAction action;
        bool legalOrRestricted = restricted.Count > 0 || legalClaims.Count > 0;
        if (reporting.Count > 0 && !completeOffer && !(legalOrRestricted && intentSignals > 0))
        {
            action = VerdictAction.Allow;
            reasons.Add("news, enforcement or conservation context without an offer to trade");
        }
        else if (products.Count > 0 && intentSignals > 0)
        {
            action = VerdictAction.Takedown;
            reasons.Add("protected wildlife product offered for trade");
        }
        else if (homophoneProducts.Count > 0 && intentSignals >= 2 && strongSignals + (patterns.HasWeight ? 1 : 0) > 0)
        {
            action = VerdictAction.Takedown;
            reasons.Add("protected wildlife product written as a homophone, offered for trade");
        }
        else if ((CountCodeWords(otherWildlife) > 0 && intentSignals >= 2 && strongSignals > 0) || (otherWildlife.Count > 0 && intentSignals >= 3 && strongSignals >= 2))
        {
            action = VerdictAction.Takedown;
            reasons.Add("wildlife code word or name with a clear offer to trade");
        }
        else if (legalOrRestricted || products.Count > 0 || homophoneProducts.Count > 0
            || (intentSignals > 0 && CountCodeWords(otherWildlife) > 0)
            || strongSignals > 0)
        {
            action = VerdictAction.Review;
            reasons.Add(legalOrRestricted && products.Count == 0
                ? "legal-but-restricted wildlife goods or a legal claim: needs a human decision"
                : intentSignals > 0 ? "wildlife terms with trade intent, but evidence is not conclusive"
                : "protected wildlife product mentioned without trade intent");
        }
        else
        {
            action = VerdictAction.Allow;
            reasons.Add(intentSignals > 0 ? "wildlife name with a price or weight but no offer to trade" : "wildlife mention without trade intent");
        }

        // Caps: each names why a human, not the machine, decides.
        if (action == VerdictAction.Takedown && reporting.Count > 0)
        {
            action = VerdictAction.Review;
            reasons.Insert(0, "an offer inside news, enforcement or research vocabulary (a report may quote an ad): review");
        }

        // A vague legal claim on an otherwise blatant offer (two contact or trade signals, a price and a weight: how
        // covert ivory and horn is sold) does not buy a human review; restricted goods (mammoth ivory) always do.
        bool blatantOffer = strongSignals >= 2 && hasPrice && patterns.HasWeight;
        if (action == VerdictAction.Takedown && (restricted.Count > 0 || (legalClaims.Count > 0 && !blatantOffer)))
        {
            action = VerdictAction.Review;
            reasons.Insert(0, "legal-but-restricted goods or a legal claim (antique, captive-bred, papers): review");
        }

        if (lookalikes.Count > 0 && !blatantOffer && restricted.Count == 0 && action != VerdictAction.Allow)
        {
            action = VerdictAction.Allow;
            reasons.Insert(0, "an object that only looks like the animal or its product (toy, shape, colour, another material)");
        }
        else if (imitations.Count > 0 && action == VerdictAction.Takedown)
        {
            action = VerdictAction.Review;
            reasons.Insert(0, "imitation wording that trades on a protected name: review");
        }

        Describe(reasons, "product", products);
        Describe(reasons, "homophone of", homophoneProducts);
        Describe(reasons, "restricted goods", restricted);
        Describe(reasons, "wildlife mention", otherWildlife);
        DescribeIntent(reasons, tradeSignals, patterns, hasStructuredPrice);
        Describe(reasons, "negative context", reporting);
        Describe(reasons, "legal claim", legalClaims);
        Describe(reasons, "imitation", imitations);
        Describe(reasons, "look-alike", lookalikes);
        Describe(reasons, "negated", negated);

        if (action == VerdictAction.Allow && score > 0.2)
        {
            score = 0.2; // keep the score consistent with the action for dashboards that threshold on it
        }
        else if (action == VerdictAction.Review && score > 0.6)
        {
            score = 0.6;
        }

        return new ScoreResult(action, score, reasons);
    }

    /// <summary>
    /// Whether a negation ends right before <paramref name="term"/> in the same field: directly for a one-character
    /// negation (非象牙, but not 非法象牙), or across one space for a longer one (not ivory, không phải mai rùa).
    /// </summary>
    private static bool IsNegated(IReadOnlyList<FoundTerm> found, FoundTerm term)
    {
        foreach (var other in found)
        {
            if (other.Entry.Kind != EntryKind.NegativeContext || other.Entry.Role != ContextRole.Negation || other.Field != term.Field)
            {
                continue;
            }

            int gap = term.Start - (other.Start + other.Length);
            int allowedGap = other.Length >= 2 ? 1 : 0;
            if (gap >= 0 && gap <= allowedGap)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Exact code words (slang entries, weak or strong): dealer jargon that an ordinary seller does not use.</summary>
    private static int CountCodeWords(List<FoundTerm> terms)
    {
        int count = 0;
        foreach (var term in terms)
        {
            if (term.Entry.Kind == EntryKind.Slang && term.Evidence == MatchEvidence.Exact)
            {
                count++;
            }
        }

        return count;
    }

    private static bool AnyWildlife(IReadOnlyList<FoundTerm> found)
    {
        for (int i = 0; i < found.Count; i++)
        {
            if (found[i].Entry.Kind is EntryKind.Species or EntryKind.Product or EntryKind.Slang)
            {
                return true;
            }
        }

        return false;
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
        if (terms.Count > 0)
        {
            reasons.Add(Line(label, terms));
        }
    }

    /// <summary>"label: term (entry id; protection), ..." for one group of found terms.</summary>
    private static string Line(string label, List<FoundTerm> terms)
    {
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

        return line.ToString();
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
