using System.CommandLine;
using System.CommandLine.Parsing;
using ListingScanner.Commands.Scan;
using ListingScanner.Engine.Contract;

namespace ListingScanner.Commands;

/// <summary>
/// <c>listing-scanner scan</c>: scans a JSON Lines export of listings offline and writes one verdict per listing.
/// Exit codes: 0 every line was fine; 1 some lines could not be read (each reported with its line number);
/// 2 usage, file or dictionary problem (one-line message); 130 cancelled.
/// </summary>
internal static class ScanCommand
{
    /// <summary>Largest accepted --max-line-bytes: a single listing beyond 256 MiB is not a listing.</summary>
    private const int MaxLineBytesCeiling = 256 << 20;

    public static Command Create() => Create(ScanEnvironment.FromConsole());

    internal static Command Create(ScanEnvironment environment)
    {
        var input = new Option<string>("--input", "-i")
        {
            Description = "JSON Lines file of listings (one listing object per line), or - for stdin.",
            Required = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to write the verdicts as JSON Lines, in input order, or - for stdout.",
            Required = true,
        };
        var dictionary = new Option<string>("--dictionary", "-d")
        {
            Description = "Dictionary file (.yaml, .json or a .txt term list). Default: the bundled wildlife dictionary.",
            DefaultValueFactory = _ => DefaultPaths.Dictionary,
        };
        var onlyFlagged = new Option<bool>("--only-flagged")
        {
            Description = "Write only takedown and review verdicts.",
        };
        var errors = new Option<string?>("--errors")
        {
            Description = "Write lines that could not be read to this file as JSON Lines "
                + "({\"line\":N,\"reason\":...,\"message\":...}) instead of to stderr.",
        };
        var maxLineBytes = new Option<int>("--max-line-bytes")
        {
            Description = "Lines longer than this many bytes are reported as oversize and skipped without being buffered.",
            DefaultValueFactory = _ => ListingParser.DefaultMaxBytes,
        };
        maxLineBytes.Validators.Add(result => RequireRange(result, maxLineBytes, 1, MaxLineBytesCeiling));
        var workers = new Option<int>("--workers")
        {
            Description = "Parallel scan workers. Default: one per processor.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        workers.Validators.Add(result => RequireRange(result, workers, 1, 1024));

        // Tests use small batches to force many batches (and out-of-order completion) on small inputs.
        var batchBytes = new Option<int>("--batch-bytes")
        {
            Description = "Input bytes per batch of lines.",
            DefaultValueFactory = _ => 256 * 1024,
            Hidden = true,
        };
        batchBytes.Validators.Add(result => RequireRange(result, batchBytes, 64, 64 << 20));

        var command = new Command("scan", "Scan a JSON Lines file of listings and write one verdict per listing, in input order.")
        {
            input, output, dictionary, onlyFlagged, errors, maxLineBytes, workers, batchBytes,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var arguments = new ScanArguments
            {
                Input = parseResult.GetRequiredValue(input),
                Output = parseResult.GetRequiredValue(output),
                Dictionary = parseResult.GetRequiredValue(dictionary),
                OnlyFlagged = parseResult.GetValue(onlyFlagged),
                Errors = parseResult.GetValue(errors),
                MaxLineBytes = parseResult.GetValue(maxLineBytes),
                Workers = parseResult.GetValue(workers),
                BatchBytes = parseResult.GetValue(batchBytes),
            };
            return ScanRunner.RunAsync(arguments, environment, cancellationToken);
        });
        return command;
    }

    private static void RequireRange(OptionResult result, Option<int> option, int min, int max)
    {
        int value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            result.AddError($"{option.Name} must be between {min} and {max}; got {value}");
        }
    }
}
