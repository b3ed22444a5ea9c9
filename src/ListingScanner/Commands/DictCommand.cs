using System.CommandLine;
using ListingScanner.DictionaryTools;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;

namespace ListingScanner.Commands;

/// <summary>
/// <c>listing-scanner dict</c>: tools for analysts who maintain the dictionary: <c>validate</c>, <c>stats</c> and
/// <c>diff</c> (a dry run of an edit on a sample of listings).
/// Exit codes: 0 done; 1 a dictionary is invalid (message "file:line: problem"); 2 usage or file problem.
/// </summary>
internal static class DictCommand
{
    public const int DefaultTopSpecies = 10;

    public static Command Create() => Create(Console.Out, Console.Error, DictionaryDryRun.EngineScanner);

    /// <summary>Tests pass their own writers, and for <c>diff</c> a scanner whose decisions they control.</summary>
    internal static Command Create(TextWriter output, TextWriter error, Func<WildlifeDictionary, Func<ListingEvent, Verdict>> createScanner)
    {
        var command = new Command("dict", "Check a dictionary file and preview the effect of an edit before rolling it out.");
        command.Subcommands.Add(CreateValidate(output, error));
        command.Subcommands.Add(CreateStats(output, error));
        command.Subcommands.Add(CreateDiff(output, error, createScanner));
        return command;
    }

    private static Argument<string?> PathArgument() => new("path")
    {
        Description = "Dictionary file (.yaml, .yml, .json or .txt). Default: the bundled wildlife dictionary.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static Command CreateValidate(TextWriter output, TextWriter error)
    {
        var path = PathArgument();
        var command = new Command("validate", "Load and check a dictionary. Exit 0 if valid, 1 if not (the problem's file and line on stderr), 2 if the file is missing.")
        {
            path,
        };
        command.SetAction(parseResult => Validate(parseResult.GetValue(path) ?? DefaultPaths.Dictionary, output, error));
        return command;
    }

    internal static int Validate(string path, TextWriter output, TextWriter error)
    {
        var dictionary = DictionaryFile.TryLoad(path, error, out int exitCode);
        if (dictionary is null)
        {
            return exitCode;
        }

        output.WriteLine(
            $"OK: {dictionary.Entries.Count} entries, {DictionaryFile.TermCount(dictionary)} terms, version {dictionary.Version} ({path})");
        return DictExitCode.Ok;
    }

    private static Command CreateStats(TextWriter output, TextWriter error)
    {
        var path = PathArgument();
        var json = new Option<bool>("--json") { Description = "Write the statistics as one JSON document." };
        var top = new Option<int>("--top")
        {
            Description = $"How many species to list in 'top species' (default {DefaultTopSpecies}).",
            DefaultValueFactory = _ => DefaultTopSpecies,
        };
        top.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < 1)
            {
                result.AddError($"--top must be 1 or more; got {value}");
            }
        });

        var command = new Command("stats", "Composition of a dictionary: kinds, languages, strength, species, protection, sources.")
        {
            path, json, top,
        };
        command.SetAction(parseResult => Stats(
            parseResult.GetValue(path) ?? DefaultPaths.Dictionary, parseResult.GetValue(json), parseResult.GetValue(top), output, error));
        return command;
    }

    internal static int Stats(string path, bool json, int topSpecies, TextWriter output, TextWriter error)
    {
        var dictionary = DictionaryFile.TryLoad(path, error, out int exitCode);
        if (dictionary is null)
        {
            return exitCode;
        }

        var statistics = DictionaryStatistics.Compute(dictionary, topSpecies);
        if (json)
        {
            statistics.WriteJson(output);
        }
        else
        {
            statistics.WriteText(output);
        }

        return DictExitCode.Ok;
    }

    private static Command CreateDiff(TextWriter output, TextWriter error, Func<WildlifeDictionary, Func<ListingEvent, Verdict>> createScanner)
    {
        var oldPath = new Option<string>("--old") { Description = "The dictionary in use now.", Required = true };
        var newPath = new Option<string>("--new") { Description = "The edited dictionary.", Required = true };
        var input = new Option<string>("--input", "-i")
        {
            Description = "JSON Lines sample of listings to scan with both dictionaries.",
            Required = true,
        };
        var outputPath = new Option<string?>("--output", "-o")
        {
            Description = "Also write each listing whose action changes as one JSON object per line to this file.",
        };

        var command = new Command("diff", "Dry run: list the listings of a sample whose action changes between two dictionaries, with the terms responsible.")
        {
            oldPath, newPath, input, outputPath,
        };
        command.SetAction(parseResult => DictionaryDryRun.Run(
            new DryRunArguments(
                parseResult.GetRequiredValue(oldPath),
                parseResult.GetRequiredValue(newPath),
                parseResult.GetRequiredValue(input),
                parseResult.GetValue(outputPath)),
            output,
            error,
            createScanner));
        return command;
    }
}
