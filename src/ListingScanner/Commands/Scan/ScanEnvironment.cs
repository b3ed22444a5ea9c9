using ListingScanner.Engine.Dictionary;

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

    public Func<string, WildlifeDictionary> LoadDictionary { get; init; } = DictionaryLoader.Load;

    public static ScanEnvironment FromConsole() => new()
    {
        OpenStandardInput = Console.OpenStandardInput,
        OpenStandardOutput = Console.OpenStandardOutput,
        Error = Console.Error,
        // CI systems sometimes allocate a pseudo-terminal; a progress bar in a build log is noise.
        ErrorIsTerminal = !Console.IsErrorRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")),
    };
}
