using System.CommandLine;
using ListingScanner.Commands;
using ListingScanner.DictionaryTools;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;

namespace ListingScanner.Engine.Tests.DictionaryTools;

/// <summary>What one dict command line printed and returned.</summary>
public sealed record CliResult(int Exit, string Out, string Err)
{
    public string[] OutLines => Lines(Out);

    public string[] ErrLines => Lines(Err);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

/// <summary>
/// Runs `listing-scanner dict ...` through the real command-line parser and exit-code convention, with captured
/// writers instead of the process-wide Console (tests run in parallel; redirecting Console would mix their output).
/// </summary>
internal static class DictCli
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(DictionaryDryRun.EngineScanner, args);

    public static async Task<CliResult> RunAsync(Func<WildlifeDictionary, Func<ListingEvent, Verdict>> scanner, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand("test host");
        root.Subcommands.Add(DictCommand.Create(output, error, scanner));
        int exit = await CommandLineRunner.InvokeAsync(root, ["dict", .. args], error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
