using System.Globalization;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Scanning;

namespace ListingScanner.Commands.Scan;

/// <summary>The scan command's arguments after parsing.</summary>
internal sealed record ScanArguments
{
    public required string Input { get; init; }
    public required string Output { get; init; }
    public required string Dictionary { get; init; }
    public bool OnlyFlagged { get; init; }
    public string? Errors { get; init; }
    public int MaxLineBytes { get; init; } = Engine.Contract.ListingParser.DefaultMaxBytes;
    public int Workers { get; init; } = Environment.ProcessorCount;
    public int BatchBytes { get; init; } = 256 * 1024;
}

/// <summary>Exit codes of <c>listing-scanner scan</c> (documented in README and --help).</summary>
internal static class ScanExitCode
{
    public const int Ok = 0;
    public const int SomeLinesFailed = 1;
    public const int UsageOrIo = 2;
    public const int Cancelled = 130;
}

/// <summary>
/// Runs a scan: checks the arguments, loads the dictionary, opens the streams, runs the pipeline under a progress
/// bar, prints the summary. Every user mistake ends here as one line on stderr and exit code 2, never a stack trace.
/// </summary>
internal static class ScanRunner
{
    private const string Prefix = "listing-scanner scan: ";
    private const string StandardStream = "-";

    public static async Task<int> RunAsync(ScanArguments args, ScanEnvironment environment, CancellationToken cancellationToken)
    {
        TextWriter error = environment.Error;
        string? problem = CheckPaths(args);
        if (problem is not null)
        {
            error.WriteLine(Prefix + problem);
            return ScanExitCode.UsageOrIo;
        }

        // The dictionary first: a broken dictionary must not truncate an existing output file.
        Func<ListingEvent, Verdict> scan;
        try
        {
            scan = environment.LoadScanner(args.Dictionary);
        }
        catch (DictionaryLoadException ex)
        {
            error.WriteLine(Prefix + ex.Message);
            return ScanExitCode.UsageOrIo;
        }

        Stream? input = null;
        Stream? output = null;
        string? opening = null; // the file being opened, for the message if opening fails
        Stream? errorsFile = null;
        try
        {
            long? totalBytes = null;
            opening = args.Input;
            if (args.Input == StandardStream)
            {
                input = environment.OpenStandardInput();
            }
            else
            {
                // No FileStream buffer: the reader asks for whole batches (256 KB), more buffering only copies.
                input = new FileStream(args.Input, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
                totalBytes = input.Length;
            }

            opening = args.Output;
            output = args.Output == StandardStream
                ? environment.OpenStandardOutput()
                : new FileStream(args.Output, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);

            opening = args.Errors;
            if (args.Errors is not null)
            {
                errorsFile = new FileStream(args.Errors, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
            }

            opening = null;

            var pipeline = new ScanPipeline(scan, new ScanPipelineOptions
            {
                MaxLineBytes = args.MaxLineBytes,
                OnlyFlagged = args.OnlyFlagged,
                Workers = args.Workers,
                BatchBytes = args.BatchBytes,
            });

            ScanTotals totals;
            try
            {
                totals = await ScanProgressDisplay.RunAsync(
                    error,
                    environment.ErrorIsTerminal,
                    totalBytes,
                    () => pipeline.BytesRead,
                    async writeLine =>
                    {
                        using IFailureSink failures = errorsFile is null ? new TextFailureSink(writeLine) : new JsonLinesFailureSink(errorsFile);
                        return await pipeline.RunAsync(input, output, failures, cancellationToken).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
            catch (ScanIOException ex)
            {
                string what = ex.Stream switch
                {
                    ScanStream.Input => "cannot read " + Describe(args.Input, "stdin"),
                    ScanStream.Output => "cannot write " + Describe(args.Output, "stdout"),
                    _ => "cannot write " + args.Errors,
                };
                error.WriteLine($"{Prefix}{what}: {ex.Message}");
                return ScanExitCode.UsageOrIo;
            }

            error.WriteLine(Prefix + Summarise(totals, args.Errors));
            return totals.Failures == 0 ? ScanExitCode.Ok : ScanExitCode.SomeLinesFailed;
        }
        catch (Exception ex) when (opening is not null && ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{Prefix}cannot open {Describe(opening, "the standard stream")}: {ex.Message}");
            return ScanExitCode.UsageOrIo;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine(Prefix + "cancelled; the output is incomplete");
            return ScanExitCode.Cancelled;
        }
        finally
        {
            // stdin/stdout belong to the process; closing their Stream wrappers is harmless and flushes nothing twice.
            if (input is not null)
            {
                await input.DisposeAsync().ConfigureAwait(false);
            }

            if (output is not null)
            {
                await output.DisposeAsync().ConfigureAwait(false);
            }

            if (errorsFile is not null)
            {
                await errorsFile.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Problems visible before touching any file's contents; null when the paths are usable.</summary>
    private static string? CheckPaths(ScanArguments args)
    {
        if (args.Input != StandardStream)
        {
            if (Directory.Exists(args.Input))
            {
                return $"input is a directory, not a file: {args.Input}";
            }

            if (!File.Exists(args.Input))
            {
                return $"input file not found: {args.Input}";
            }
        }

        if (args.Errors == StandardStream)
        {
            return "--errors needs a file path (bad lines go to stderr when --errors is not given)";
        }

        // Writing a file while reading it would truncate it before it is read.
        if (SameFile(args.Input, args.Output))
        {
            return $"--output is the same file as --input ({args.Output}); it would be overwritten";
        }

        if (args.Errors is not null && (SameFile(args.Errors, args.Input) || SameFile(args.Errors, args.Output)))
        {
            return $"--errors must be a different file from --input and --output ({args.Errors})";
        }

        return null;
    }

    private static bool SameFile(string a, string b) =>
        a != StandardStream && b != StandardStream
        && string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private static string Describe(string path, string standardName) => path == StandardStream ? standardName : path;

    /// <summary>The one-line summary, e.g. "40 listings, takedown 5, review 7, errors 3, 1,234 listings/s, 12.3 MB/s (0.4 s)".</summary>
    internal static string Summarise(ScanTotals totals, string? errorsPath)
    {
        double seconds = Math.Max(totals.Elapsed.TotalSeconds, 1e-6);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{totals.Listings:N0} listings, takedown {totals.Takedowns:N0}, review {totals.Reviews:N0}, errors {totals.Failures:N0}, "
            + $"{totals.Listings / seconds:N0} listings/s, {totals.BytesRead / seconds / 1e6:F1} MB/s ({seconds:F1} s)");
        if (totals.BlankLines > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; {totals.BlankLines:N0} blank lines skipped");
        }

        if (totals.Failures > 0 && errorsPath is not null)
        {
            text += $"; bad lines listed in {errorsPath}";
        }

        return text;
    }
}
