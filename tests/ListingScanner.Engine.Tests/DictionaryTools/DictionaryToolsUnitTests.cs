using System.Text;
using ListingScanner.DictionaryTools;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;

namespace ListingScanner.Engine.Tests.DictionaryTools;

public sealed class JsonLinesReaderTests
{
    private static List<JsonLine> Read(string text, int maxLineBytes = 1000) =>
        JsonLinesReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes).ToList();

    private static string Text(JsonLine line) => Encoding.UTF8.GetString(line.Bytes!);

    [Fact]
    public void Lines_keep_their_numbers_across_blank_lines_and_lose_CR()
    {
        var lines = Read("a\r\n\r\n  \nb\nc");

        Assert.Equal([1L, 4L, 5L], lines.Select(l => l.Number));
        Assert.Equal(["a", "b", "c"], lines.Select(Text));
    }

    [Fact]
    public void An_empty_file_has_no_lines()
    {
        Assert.Empty(Read(""));
        Assert.Empty(Read("\n\n"));
    }

    [Fact]
    public void An_oversize_line_is_reported_by_length_and_the_next_line_is_read()
    {
        var lines = Read("12345678\n123\n", maxLineBytes: 5);

        Assert.Equal(2, lines.Count);
        Assert.Null(lines[0].Bytes);
        Assert.Equal(8, lines[0].Length);
        Assert.Equal(2, lines[1].Number);
        Assert.Equal("123", Text(lines[1]));
    }

    [Fact]
    public void A_line_exactly_at_the_limit_is_kept_even_with_CRLF()
    {
        var lines = Read("12345\r\n", maxLineBytes: 5);

        Assert.Equal("12345", Text(Assert.Single(lines)));
    }
}

public sealed class VerdictComparisonTests
{
    [Theory]
    [InlineData(VerdictAction.Allow, VerdictAction.Allow, nameof(ActionChange.Unchanged))]
    [InlineData(VerdictAction.Review, VerdictAction.Review, nameof(ActionChange.Unchanged))]
    [InlineData(VerdictAction.Takedown, VerdictAction.Takedown, nameof(ActionChange.Unchanged))]
    [InlineData(VerdictAction.Allow, VerdictAction.Review, nameof(ActionChange.NewlyFlagged))]
    [InlineData(VerdictAction.Allow, VerdictAction.Takedown, nameof(ActionChange.NewlyFlagged))]
    [InlineData(VerdictAction.Review, VerdictAction.Allow, nameof(ActionChange.Unflagged))]
    [InlineData(VerdictAction.Takedown, VerdictAction.Allow, nameof(ActionChange.Unflagged))]
    [InlineData(VerdictAction.Review, VerdictAction.Takedown, nameof(ActionChange.Changed))]
    [InlineData(VerdictAction.Takedown, VerdictAction.Review, nameof(ActionChange.Changed))]
    public void Classifies_every_pair_of_actions(VerdictAction before, VerdictAction after, string expected)
    {
        // The expected change is passed by name: ActionChange is internal and cannot appear in a public test signature.
        Assert.Equal(expected, VerdictComparison.Classify(before, after).ToString());
    }

    private static VerdictMatch Match(string entry, string term, int start = 0) => new()
    {
        EntryId = entry, Kind = "product", Term = term, Field = "title", Start = start, Length = term.Length, Text = term,
    };

    private static Verdict Verdict(VerdictAction action, params VerdictMatch[] matches) => new()
    {
        ListingId = "x", Action = action, Score = 0, Reasons = [], Matches = matches,
        DictionaryVersion = "v", ScannerVersion = "t", ScannedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Same_action_is_no_change_even_when_terms_differ()
    {
        var before = Verdict(VerdictAction.Takedown, Match("tiger", "虎骨"));
        var after = Verdict(VerdictAction.Takedown, Match("pangolin", "穿山甲"));

        Assert.Null(VerdictComparison.Compare(1, before, after, new HashSet<string>()));
    }

    [Fact]
    public void Terms_matched_on_one_side_only_are_listed_once_each_and_untouched_shared_terms_are_not()
    {
        var before = Verdict(VerdictAction.Allow, Match("signal", "出售"), Match("old", "旧", 3));
        var after = Verdict(VerdictAction.Takedown,
            Match("signal", "出售"), Match("ivory", "象牙", 2), Match("ivory", "象牙", 9), Match("hornbill", "鹤顶红", 12));

        var change = VerdictComparison.Compare(4, before, after, new HashSet<string> { "hornbill" });

        Assert.NotNull(change);
        Assert.Equal(ActionChange.NewlyFlagged, change.Change);
        Assert.Equal(4, change.Line);
        Assert.Equal(
            [(TermChange.Added, "ivory", "象牙"), (TermChange.Added, "hornbill", "鹤顶红"), (TermChange.Removed, "old", "旧")],
            change.Terms.Select(t => (t.Change, t.EntryId, t.Term)));
    }

    [Fact]
    public void A_shared_term_of_an_edited_entry_explains_the_change()
    {
        var before = Verdict(VerdictAction.Takedown, Match("ivory", "象牙"), Match("signal", "出售"));
        var after = Verdict(VerdictAction.Review, Match("ivory", "象牙"), Match("signal", "出售"));

        var change = VerdictComparison.Compare(1, before, after, new HashSet<string> { "ivory" });

        Assert.NotNull(change);
        var term = Assert.Single(change.Terms);
        Assert.Equal((TermChange.EntryChanged, "ivory"), (term.Change, term.EntryId));
    }
}

public sealed class EntryDiffTests
{
    private static WildlifeDictionary Dictionary(params DictionaryEntry[] entries) => new() { Version = "v", Entries = entries };

    private static DictionaryEntry Entry(string id, EntryKind kind = EntryKind.Product, Protection? protection = null,
        string? note = null, params DictionaryTerm[] terms) => new()
    {
        Id = id, Kind = kind, Protection = protection ?? Protection.None, Note = note,
        Terms = terms.Length > 0 ? terms : [new DictionaryTerm(id, "en", "https://example.org")],
    };

    [Fact]
    public void Unchanged_dictionaries_have_no_difference()
    {
        var dictionary = Dictionary(Entry("a"), Entry("b"));

        var diff = EntryDiff.Compute(dictionary, Dictionary(Entry("a"), Entry("b")));

        Assert.Empty(diff.Added);
        Assert.Empty(diff.Removed);
        Assert.Empty(diff.Changed);
        Assert.Empty(diff.Touched);
    }

    [Fact]
    public void Describes_each_field_and_term_edit()
    {
        var before = Dictionary(
            Entry("ivory", EntryKind.Product, new Protection("I", null), "old note",
                new DictionaryTerm("象牙", "zh", "https://a.org"),
                new DictionaryTerm("ivory", "en", "https://a.org"),
                new DictionaryTerm("xiangya", "pinyin", "https://a.org")),
            Entry("gone"));
        var after = Dictionary(
            Entry("ivory", EntryKind.Slang, new Protection("I", "I"), "new note",
                new DictionaryTerm("象牙", "zh-Hans", "https://a.org"),
                new DictionaryTerm("ivory", "en", "https://b.org"),
                new DictionaryTerm("白料", "zh-Hans", "https://a.org")),
            Entry("new"));

        var diff = EntryDiff.Compute(before, after);

        Assert.Equal(["new"], diff.Added);
        Assert.Equal(["gone"], diff.Removed);
        var change = Assert.Single(diff.Changed);
        Assert.Equal("ivory", change.Id);
        Assert.Equal(
        [
            "kind product -> slang",
            "protection CITES I -> CITES I; China class I",
            "term 象牙 lang zh -> zh-Hans",
            "term ivory source https://a.org -> https://b.org",
            "term added 白料 (zh-Hans)",
            "term removed xiangya (pinyin)",
            "note changed",
        ], change.Changes);
        Assert.Equal(["gone", "ivory", "new"], diff.Touched.Order(StringComparer.Ordinal));
    }
}
