using System.CommandLine;
using System.CommandLine.Invocation;

namespace ListingScanner.Commands;

/// <summary>Parses and invokes a command line with the exit-code convention of every listing-scanner command.</summary>
internal static class CommandLineRunner
{
    /// <summary>Exit code for a command line that cannot be run as written (unknown option, missing value).</summary>
    public const int UsageError = 2;

    /// <summary>The executable's name in messages (RootCommand.Name is the host's file name, e.g. testhost in tests).</summary>
    public const string ProgramName = "listing-scanner";

    /// <summary>
    /// Invokes <paramref name="args"/>. Parse errors are printed one per line (no help dump, which buries the error
    /// in a screen of text) and return <see cref="UsageError"/>: System.CommandLine's default, 1, would be
    /// indistinguishable from "some input lines were bad" in <c>scan</c>.
    /// </summary>
    public static Task<int> InvokeAsync(RootCommand root, string[] args, TextWriter error, CancellationToken cancellationToken = default)
    {
        ParseResult parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"{ProgramName}: {parseError.Message}");
            }

            string commandPath = parsed.CommandResult.Command == root ? ProgramName : $"{ProgramName} {parsed.CommandResult.Command.Name}";
            error.WriteLine($"Run '{commandPath} --help' for usage.");
            return Task.FromResult(UsageError);
        }

        // The long-running commands (run, demo) host a Generic Host that handles SIGTERM/Ctrl+C itself: stop consuming,
        // drain for up to Worker__DrainTimeoutSeconds, commit, exit 0. System.CommandLine's own handling would end the
        // process 2 s after the signal with exit code 143, cutting the drain short, so it is off for them.
        InvocationConfiguration? invocation = parsed.CommandResult.Command.Name is "run" or "demo"
            ? new InvocationConfiguration { ProcessTerminationTimeout = null }
            : null;
        return parsed.InvokeAsync(invocation, cancellationToken);
    }
}
