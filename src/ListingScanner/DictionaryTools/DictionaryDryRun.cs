using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scanning;

namespace ListingScanner.DictionaryTools;

/// <summary>The arguments of <c>dict diff</c>.</summary>
internal sealed record DryRunArguments(string OldDictionary, string NewDictionary, string Input, string? Output);

/// <summary>Counts printed at the end of a dry run.</summary>
internal sealed class DryRunCounts
{
    public int Listings { get; set; }
    public int Unchanged { get; set; }
    public int NewlyFlagged { get; set; }
    public int Unflagged { get; set; }
    public int Changed { get; set; }
    public int BadLines { get; set; }
}

/// <summary>
/// <c>dict diff</c>: scans a sample of listings with the old and the new dictionary and reports every listing whose
/// action changes, with the terms responsible, so an analyst sees the effect of an edit before rolling it out.
/// </summary>
internal static class DictionaryDryRun
{
    /// <summary>Builds a scanner for a dictionary. Production uses the real engine; tests may pass their own.</summary>
    public static readonly Func<WildlifeDictionary, Func<ListingEvent, Verdict>> EngineScanner =
        dictionary => ScanEngine.Create(dictionary).Scan;

    public static int Run(
        DryRunArguments args, TextWriter output, TextWriter error, Func<WildlifeDictionary, Func<ListingEvent, Verdict>> createScanner)
    {
        // Both dictionaries are loaded before giving up, so one run shows the problems of both files.
        var oldDictionary = DictionaryFile.TryLoad(args.OldDictionary, error, out int oldExit);
        var newDictionary = DictionaryFile.TryLoad(args.NewDictionary, error, out int newExit);
        if (oldDictionary is null || newDictionary is null)
        {
            return Math.Max(oldExit, newExit);
        }

        Stream input;
        try
        {
            input = OpenInput(args.Input);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{args.Input}: {Describe(ex)}");
            return DictExitCode.UsageOrIo;
        }

        var entryDiff = EntryDiff.Compute(oldDictionary, newDictionary);
        var counts = new DryRunCounts();
        var changes = new List<ListingChange>();
        using (input)
        {
            try
            {
                ScanSample(args.Input, input, createScanner(oldDictionary), createScanner(newDictionary), entryDiff, counts, changes, error);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{args.Input}: cannot read: {DictionaryFile.OneLine(ex.Message)}");
                return DictExitCode.UsageOrIo;
            }
        }

        WriteReport(output, args, oldDictionary, newDictionary, entryDiff, counts, changes);

        if (args.Output is not null)
        {
            try
            {
                WriteChangesFile(args.Output, changes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{args.Output}: cannot write: {DictionaryFile.OneLine(ex.Message)}");
                return DictExitCode.UsageOrIo;
            }

            output.WriteLine();
            output.WriteLine($"Changed listings written to {args.Output}");
        }

        return DictExitCode.Ok;
    }

    private static FileStream OpenInput(string path)
    {
        if (Directory.Exists(path))
        {
            throw new IOException("is a directory, not a JSON Lines file");
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
    }

    private static string Describe(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "file not found",
        _ => DictionaryFile.OneLine(ex.Message),
    };

    private static void ScanSample(
        string inputPath,
        Stream input,
        Func<ListingEvent, Verdict> scanOld,
        Func<ListingEvent, Verdict> scanNew,
        EntryDiff entryDiff,
        DryRunCounts counts,
        List<ListingChange> changes,
        TextWriter error)
    {
        const int maxBytes = ListingParser.DefaultMaxBytes;
        foreach (var line in JsonLinesReader.Read(input, maxBytes))
        {
            // A bad line is reported and counted, never fatal: a sample pulled from production is rarely spotless,
            // and one broken line must not hide the effect of the edit on the rest.
            if (line.Bytes is null)
            {
                BadLine(error, inputPath, line.Number, "oversize", $"listing is {line.Length} bytes; the limit is {maxBytes} bytes", counts);
                continue;
            }

            if (!ListingParser.TryParse(line.Bytes, out var listing, out var parseError, maxBytes))
            {
                BadLine(error, inputPath, line.Number, parseError.Reason, parseError.Message, counts);
                continue;
            }

            Verdict oldVerdict;
            Verdict newVerdict;
            try
            {
                oldVerdict = scanOld(listing!);
                newVerdict = scanNew(listing!);
            }
            catch (Exception ex)
            {
                // An engine fault on one listing is a bug to report, but the rest of the sample still tells the
                // analyst what the edit does.
                BadLine(error, inputPath, line.Number, "scan_failed", DictionaryFile.OneLine(ex.Message), counts);
                continue;
            }

            counts.Listings++;
            var change = VerdictComparison.Compare(line.Number, oldVerdict, newVerdict, entryDiff.Touched);
            if (change is null)
            {
                counts.Unchanged++;
                continue;
            }

            switch (change.Change)
            {
                case ActionChange.NewlyFlagged:
                    counts.NewlyFlagged++;
                    break;
                case ActionChange.Unflagged:
                    counts.Unflagged++;
                    break;
                default:
                    counts.Changed++;
                    break;
            }

            changes.Add(change);
        }
    }

    private static void BadLine(TextWriter error, string path, long line, string reason, string message, DryRunCounts counts)
    {
        error.WriteLine($"{path}:{line}: {reason}: {message}");
        counts.BadLines++;
    }

    private static void WriteReport(
        TextWriter output,
        DryRunArguments args,
        WildlifeDictionary oldDictionary,
        WildlifeDictionary newDictionary,
        EntryDiff entryDiff,
        DryRunCounts counts,
        List<ListingChange> changes)
    {
        output.WriteLine($"Old dictionary  {oldDictionary.Version} ({args.OldDictionary}, {oldDictionary.Entries.Count} entries)");
        output.WriteLine($"New dictionary  {newDictionary.Version} ({args.NewDictionary}, {newDictionary.Entries.Count} entries)");
        output.WriteLine($"Sample          {args.Input}");

        WriteGroup(output, "Newly flagged (allow -> review/takedown)", changes, ActionChange.NewlyFlagged);
        WriteGroup(output, "Unflagged (review/takedown -> allow)", changes, ActionChange.Unflagged);
        WriteGroup(output, "Changed (review <-> takedown)", changes, ActionChange.Changed);

        output.WriteLine();
        output.WriteLine("Summary");
        CountRow[] summary =
        [
            new("listings", counts.Listings),
            new("unchanged", counts.Unchanged),
            new("newly flagged", counts.NewlyFlagged),
            new("unflagged", counts.Unflagged),
            new("changed", counts.Changed),
            new("bad lines", counts.BadLines),
        ];
        foreach (var row in summary)
        {
            output.WriteLine($"  {row.Name,-13}  {row.Count,7}");
        }

        output.WriteLine();
        output.WriteLine($"Entries (new vs old): {entryDiff.Added.Count} added, {entryDiff.Removed.Count} removed, {entryDiff.Changed.Count} changed");
        foreach (string id in entryDiff.Added)
        {
            output.WriteLine($"  + {id}");
        }

        foreach (string id in entryDiff.Removed)
        {
            output.WriteLine($"  - {id}");
        }

        foreach (var changed in entryDiff.Changed)
        {
            output.WriteLine($"  ~ {changed.Id}: {string.Join("; ", changed.Changes)}");
        }
    }

    private static void WriteGroup(TextWriter output, string title, List<ListingChange> changes, ActionChange which)
    {
        var group = changes.Where(c => c.Change == which).ToList();
        output.WriteLine();
        output.WriteLine($"{title}: {group.Count}");
        foreach (var change in group)
        {
            output.WriteLine(
                $"  {change.ListingId} (line {change.Line}): {ActionName(change.OldAction)} -> {ActionName(change.NewAction)}, "
                + $"score {Score(change.OldScore)} -> {Score(change.NewScore)}");
            if (change.Terms.Count == 0)
            {
                output.WriteLine("      (no matched term differs)");
            }

            foreach (var term in change.Terms)
            {
                string sign = term.Change switch { TermChange.Added => "+", TermChange.Removed => "-", _ => "~" };
                string note = term.Change == TermChange.EntryChanged ? ", entry edited" : "";
                output.WriteLine($"      {sign} {term.Term}  [{term.EntryId}, {term.Kind}{note}] {term.Field}: \"{term.Text}\"");
            }
        }
    }

    /// <summary>One JSON object per changed listing, for spreadsheets and review tooling.</summary>
    private static void WriteChangesFile(string path, List<ListingChange> changes)
    {
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        foreach (var change in changes)
        {
            using (var json = new Utf8JsonWriter(file, options))
            {
                json.WriteStartObject();
                json.WriteNumber("line", change.Line);
                json.WriteString("listing_id", change.ListingId);
                json.WriteString("change", change.Change switch
                {
                    ActionChange.NewlyFlagged => "newly_flagged",
                    ActionChange.Unflagged => "unflagged",
                    _ => "changed",
                });
                json.WriteString("old_action", ActionName(change.OldAction));
                json.WriteString("new_action", ActionName(change.NewAction));
                json.WriteNumber("old_score", change.OldScore);
                json.WriteNumber("new_score", change.NewScore);
                json.WriteStartArray("terms");
                foreach (var term in change.Terms)
                {
                    json.WriteStartObject();
                    json.WriteString("change", term.Change switch
                    {
                        TermChange.Added => "added",
                        TermChange.Removed => "removed",
                        _ => "entry_changed",
                    });
                    json.WriteString("entry_id", term.EntryId);
                    json.WriteString("kind", term.Kind);
                    json.WriteString("term", term.Term);
                    json.WriteString("field", term.Field);
                    json.WriteString("text", term.Text);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            file.WriteByte((byte)'\n');
        }
    }

    private static string ActionName(VerdictAction action) => action.ToString().ToLowerInvariant();

    private static string Score(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);
}
