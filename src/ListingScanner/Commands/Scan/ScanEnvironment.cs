using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scanning;

namespace ListingScanner.Commands.Scan;

/// <summary>
/// What the scan command touches outside its files: standard streams, whether stderr is a terminal, and how a
/// dictionary is loaded. Tests substitute memory streams and a captured stderr; production uses the console.
/// </summary>
internal sealed class ScanEnvironment
{
    public required Func<Stream> OpenStandardInput { get; init; }

    public required Func<Stream> OpenStandardOutput { get; init; }

    /// <summary>Diagnostics, bad-line reports and the summary.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Whether a person is watching stderr: only then is a progress bar drawn.</summary>
    public required bool ErrorIsTerminal { get; init; }

    /// <summary>
    /// Builds the scan function from the --dictionary path; throws <see cref="DictionaryLoadException"/> for a bad
    /// dictionary. Tests substitute an in-memory dictionary, or a stand-in engine to test the command independently
    /// of how the engine scores.
    /// </summary>
    public Func<string, Func<ListingEvent, Verdict>> LoadScanner { get; init; } = LoadEngine;

    /// <summary>Loads the dictionary file and compiles the real engine.</summary>
    public static Func<ListingEvent, Verdict> LoadEngine(string dictionaryPath) =>
        ScanEngine.Create(DictionaryLoader.Load(dictionaryPath)).Scan;

    public static ScanEnvironment FromConsole() => new()
    {
        OpenStandardInput = Console.OpenStandardInput,
        OpenStandardOutput = Console.OpenStandardOutput,
        Error = Console.Error,
        // CI systems sometimes allocate a pseudo-terminal; a progress bar in a build log is noise.
        ErrorIsTerminal = !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")),
    };
}
