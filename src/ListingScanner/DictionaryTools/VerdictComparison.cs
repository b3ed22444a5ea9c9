using ListingScanner.Engine.Contract;

namespace ListingScanner.DictionaryTools;

/// <summary>How a listing's action moves from the old dictionary to the new one.</summary>
internal enum ActionChange
{
    Unchanged,

    /// <summary>allow to review or takedown.</summary>
    NewlyFlagged,

    /// <summary>review or takedown to allow.</summary>
    Unflagged,

    /// <summary>review to takedown or takedown to review.</summary>
    Changed,
}

/// <summary>Why a term is listed as responsible for a change.</summary>
internal enum TermChange
{
    /// <summary>Matched only with the new dictionary.</summary>
    Added,

    /// <summary>Matched only with the old dictionary.</summary>
    Removed,

    /// <summary>Matched with both, but its entry was edited (strength, review_only, kind...).</summary>
    EntryChanged,
}

/// <summary>A matched term that differs between the two verdicts of one listing.</summary>
internal sealed record TermDifference(TermChange Change, string EntryId, string Kind, string Term, string Field, string Text);

/// <summary>One listing whose action differs between the two dictionaries.</summary>
internal sealed record ListingChange(
    long Line,
    string ListingId,
    ActionChange Change,
    VerdictAction OldAction,
    VerdictAction NewAction,
    double OldScore,
    double NewScore,
    IReadOnlyList<TermDifference> Terms);

/// <summary>Compares the two verdicts of one listing.</summary>
internal static class VerdictComparison
{
    public static ActionChange Classify(VerdictAction oldAction, VerdictAction newAction)
    {
        if (oldAction == newAction)
        {
            return ActionChange.Unchanged;
        }

        if (oldAction == VerdictAction.Allow)
        {
            return ActionChange.NewlyFlagged;
        }

        return newAction == VerdictAction.Allow ? ActionChange.Unflagged : ActionChange.Changed;
    }

    /// <summary>
    /// Null when the action is the same. Otherwise the change with the terms responsible: terms matched by one verdict
    /// and not the other, then terms matched by both whose entry is in <paramref name="touchedEntries"/> (an edit to
    /// strength or review_only changes the action without changing what matches).
    /// </summary>
    public static ListingChange? Compare(long line, Verdict oldVerdict, Verdict newVerdict, IReadOnlySet<string> touchedEntries)
    {
        var change = Classify(oldVerdict.Action, newVerdict.Action);
        if (change == ActionChange.Unchanged)
        {
            return null;
        }

        // Terms are keyed by (entry, term), first occurrence kept: a term found three times is one reason, and the
        // same term found at another offset is not a difference.
        var oldTerms = oldVerdict.Matches.DistinctBy(Key).ToList();
        var newTerms = newVerdict.Matches.DistinctBy(Key).ToList();
        var oldKeys = oldTerms.Select(Key).ToHashSet();
        var newKeys = newTerms.Select(Key).ToHashSet();

        var terms = new List<TermDifference>();
        terms.AddRange(newTerms.Where(m => !oldKeys.Contains(Key(m))).Select(m => Difference(TermChange.Added, m)));
        terms.AddRange(oldTerms.Where(m => !newKeys.Contains(Key(m))).Select(m => Difference(TermChange.Removed, m)));
        terms.AddRange(newTerms
            .Where(m => oldKeys.Contains(Key(m)) && touchedEntries.Contains(m.EntryId))
            .Select(m => Difference(TermChange.EntryChanged, m)));

        return new ListingChange(
            line, newVerdict.ListingId, change, oldVerdict.Action, newVerdict.Action, oldVerdict.Score, newVerdict.Score, terms);
    }

    private static (string EntryId, string Term) Key(VerdictMatch match) => (match.EntryId, match.Term);

    private static TermDifference Difference(TermChange change, VerdictMatch match) =>
        new(change, match.EntryId, match.Kind, match.Term, match.Field, match.Text);
}
