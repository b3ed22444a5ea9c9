using System.CommandLine;
using System.Text;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scanning;
using ListingScanner.Evaluation;

namespace ListingScanner.Commands;

/// <summary>
/// listing-scanner eval: scans a labelled set and reports precision, recall, F1, the confusion matrix, per-language
/// and per-category figures, the worst misses and the release targets.
/// </summary>
/// <remarks>Exit codes: 0 evaluated (targets met or not), 2 unusable input (bad lines, missing file, bad dictionary).</remarks>
internal static class EvalCommand
{
    public const int ExitOk = 0;
    public const int ExitBadInput = 2;

    public const int DefaultWorst = 20;

    public static Command Create()
    {
        var input = new Option<string>("--input")
        {
            Description = "Labelled JSONL file (listing fields plus label, lang, category, source|reason). Default: the bundled dev set.",
            DefaultValueFactory = _ => DefaultPaths.DevSet,
        };
        var dictionary = new Option<string>("--dictionary")
        {
            Description = "Dictionary file to scan with. Default: the bundled dictionary.",
            DefaultValueFactory = _ => DefaultPaths.Dictionary,
        };
        var report = new Option<string?>("--report")
        {
            Description = "Also write the evaluation as Markdown to this file.",
        };
        var worst = new Option<int>("--worst")
        {
            Description = $"How many worst misses to list (default {DefaultWorst}).",
            DefaultValueFactory = _ => DefaultWorst,
        };
        var note = new Option<string?>("--note")
        {
            Description = "A sentence for the report header, e.g. which engine build produced the figures.",
        };

        var command = new Command("eval", "Measure detection quality on a labelled set of listings.")
        {
            input, dictionary, report, worst, note,
        };
        command.SetAction(parseResult => Execute(
            parseResult.GetValue(input)!,
            parseResult.GetValue(dictionary)!,
            parseResult.GetValue(report),
            parseResult.GetValue(worst),
            parseResult.GetValue(note),
            Console.Out,
            Console.Error));
        return command;
    }

    /// <summary>Loads the dictionary from <paramref name="dictionaryPath"/> and evaluates.</summary>
    internal static int Execute(
        string inputPath, string dictionaryPath, string? reportPath, int worst, string? note, TextWriter output, TextWriter error)
    {
        WildlifeDictionary dictionary;
        try
        {
            dictionary = DictionaryLoader.Load(dictionaryPath);
        }
        catch (DictionaryLoadException ex)
        {
            error.WriteLine("listing-scanner eval: " + ex.Message);
            return ExitBadInput;
        }
        catch (IOException ex)
        {
            error.WriteLine($"listing-scanner eval: {dictionaryPath}: {ex.Message}");
            return ExitBadInput;
        }

        return Execute(inputPath, dictionary, reportPath, worst, note, output, error);
    }

    /// <summary>Evaluates with an already built dictionary (tests pass a hand-built one).</summary>
    internal static int Execute(
        string inputPath, WildlifeDictionary dictionary, string? reportPath, int worst, string? note, TextWriter output, TextWriter error)
    {
        if (worst < 0)
        {
            error.WriteLine($"listing-scanner eval: --worst must be 0 or more, got {worst}");
            return ExitBadInput;
        }

        LabelledSet set;
        try
        {
            set = LabelledSetReader.Read(inputPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"listing-scanner eval: cannot read {inputPath}: {ex.Message}");
            return ExitBadInput;
        }

        if (set.Errors.Count > 0)
        {
            // An evaluation that skips data reports figures for a different set than the one named: refuse instead.
            foreach (string problem in set.Errors)
            {
                error.WriteLine(problem);
            }

            error.WriteLine($"listing-scanner eval: {set.Errors.Count} bad line(s) in {inputPath}; nothing evaluated");
            return ExitBadInput;
        }

        var engine = ScanEngine.Create(dictionary);
        var result = Evaluator.Evaluate(set.Items, engine.Scan);
        var context = new EvaluationContext(
            inputPath,
            $"{dictionary.Version} ({dictionary.SourcePath}, {dictionary.Entries.Count} entries)",
            ScanEngine.ScannerVersion,
            note);

        output.Write(EvaluationReport.Render(result, context, worst, markdown: false));

        if (reportPath is not null)
        {
            try
            {
                File.WriteAllText(reportPath, EvaluationReport.Render(result, context, worst, markdown: true), new UTF8Encoding(false));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"listing-scanner eval: cannot write report {reportPath}: {ex.Message}");
                return ExitBadInput;
            }

            output.WriteLine();
            output.WriteLine("Report written to " + reportPath);
        }

        return ExitOk;
    }
}
