using ListingScanner.Engine.Dictionary;

namespace ListingScanner.DictionaryTools;

/// <summary>One entry present in both dictionaries whose definition differs, with what differs.</summary>
/// <param name="Id">The entry id.</param>
/// <param name="Changes">Readable descriptions, e.g. "strength strong -> weak", "term added 象牙制品 (zh-Hans)".</param>
internal sealed record EntryChange(string Id, IReadOnlyList<string> Changes);

/// <summary>The entry-level difference between two dictionaries, matched by entry id.</summary>
internal sealed class EntryDiff
{
    public required IReadOnlyList<string> Added { get; init; }
    public required IReadOnlyList<string> Removed { get; init; }
    public required IReadOnlyList<EntryChange> Changed { get; init; }

    /// <summary>Ids of entries that were added, removed or changed: a match on one of them can explain a new verdict.</summary>
    public required IReadOnlySet<string> Touched { get; init; }

    public static EntryDiff Compute(WildlifeDictionary oldDictionary, WildlifeDictionary newDictionary)
    {
        var oldById = oldDictionary.Entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var newById = newDictionary.Entries.ToDictionary(e => e.Id, StringComparer.Ordinal);

        // New-file order for added and changed entries, old-file order for removed: the order an analyst reads them in.
        var added = newDictionary.Entries.Where(e => !oldById.ContainsKey(e.Id)).Select(e => e.Id).ToList();
        var removed = oldDictionary.Entries.Where(e => !newById.ContainsKey(e.Id)).Select(e => e.Id).ToList();
        var changed = new List<EntryChange>();
        foreach (var entry in newDictionary.Entries)
        {
            if (oldById.TryGetValue(entry.Id, out var before))
            {
                var changes = Describe(before, entry);
                if (changes.Count > 0)
                {
                    changed.Add(new EntryChange(entry.Id, changes));
                }
            }
        }

        var touched = new HashSet<string>(added.Concat(removed).Concat(changed.Select(c => c.Id)), StringComparer.Ordinal);
        return new EntryDiff { Added = added, Removed = removed, Changed = changed, Touched = touched };
    }

    private static List<string> Describe(DictionaryEntry before, DictionaryEntry after)
    {
        var changes = new List<string>();
        Compare(changes, "kind", DictionaryFile.KindName(before.Kind), DictionaryFile.KindName(after.Kind));
        Compare(changes, "species", before.Species ?? "(none)", after.Species ?? "(none)");
        Compare(changes, "protection", ProtectionText(before.Protection), ProtectionText(after.Protection));
        Compare(changes, "strength", DictionaryFile.StrengthName(before.Strength), DictionaryFile.StrengthName(after.Strength));
        Compare(changes, "review_only", before.ReviewOnly ? "true" : "false", after.ReviewOnly ? "true" : "false");

        // Terms are matched by their text: the same text with another lang or source is a changed term, not a
        // removal plus an addition.
        var beforeTerms = before.Terms.ToDictionary(t => t.Text, StringComparer.Ordinal);
        var afterTerms = after.Terms.ToDictionary(t => t.Text, StringComparer.Ordinal);
        foreach (var term in after.Terms)
        {
            if (!beforeTerms.TryGetValue(term.Text, out var old))
            {
                changes.Add($"term added {term.Text} ({term.Language})");
                continue;
            }

            Compare(changes, $"term {term.Text} lang", old.Language, term.Language);
            Compare(changes, $"term {term.Text} source", old.Source ?? "(none)", term.Source ?? "(none)");
        }

        foreach (var term in before.Terms)
        {
            if (!afterTerms.ContainsKey(term.Text))
            {
                changes.Add($"term removed {term.Text} ({term.Language})");
            }
        }

        // The note does not change what is flagged, but an analyst reviewing a roll-out still wants to see every edit.
        if (!string.Equals(before.Note, after.Note, StringComparison.Ordinal))
        {
            changes.Add("note changed");
        }

        return changes;
    }

    private static void Compare(List<string> changes, string what, string before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add($"{what} {before} -> {after}");
        }
    }

    private static string ProtectionText(Protection protection) => protection.IsListed ? protection.ToString() : "(not listed)";
}
