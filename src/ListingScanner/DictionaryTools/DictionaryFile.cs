using ListingScanner.Engine.Dictionary;

namespace ListingScanner.DictionaryTools;

/// <summary>Exit codes shared by every <c>listing-scanner dict</c> subcommand.</summary>
internal static class DictExitCode
{
    public const int Ok = 0;

    /// <summary>The dictionary exists but is not valid: the analyst has something to fix in the file.</summary>
    public const int Invalid = 1;

    /// <summary>Wrong path, unreadable file, bad option: the command line has something to fix, not the dictionary.</summary>
    public const int UsageOrIo = 2;
}

/// <summary>Loads a dictionary for a dict subcommand, turning every failure into one line on stderr and an exit code.</summary>
internal static class DictionaryFile
{
    /// <summary>
    /// Loads <paramref name="path"/>. On failure writes the loader's "file:line: problem" message (left unprefixed so
    /// editors and CI logs can turn it into a link) and returns null with the exit code to use.
    /// </summary>
    public static WildlifeDictionary? TryLoad(string path, TextWriter error, out int exitCode)
    {
        try
        {
            var dictionary = DictionaryLoader.Load(path);
            exitCode = DictExitCode.Ok;
            return dictionary;
        }
        catch (DictionaryLoadException ex)
        {
            // A file that is not there is a mistyped path (usage), not a broken dictionary: CI jobs that gate a
            // roll-out on "exit 1 = the dictionary is invalid" must not confuse the two.
            exitCode = File.Exists(path) ? DictExitCode.Invalid : DictExitCode.UsageOrIo;
            error.WriteLine(ex.Message);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            exitCode = DictExitCode.UsageOrIo;
            error.WriteLine($"{path}: cannot read: {OneLine(ex.Message)}");
            return null;
        }
    }

    /// <summary>The snake_case kind name analysts write in the YAML file.</summary>
    public static string KindName(EntryKind kind) => kind switch
    {
        EntryKind.Species => "species",
        EntryKind.Product => "product",
        EntryKind.Slang => "slang",
        EntryKind.TradeSignal => "trade_signal",
        EntryKind.NegativeContext => "negative_context",
        EntryKind.AllowPhrase => "allow_phrase",
        _ => kind.ToString(),
    };

    public static string StrengthName(EntryStrength strength) => strength == EntryStrength.Weak ? "weak" : "strong";

    public static int TermCount(WildlifeDictionary dictionary) => dictionary.Entries.Sum(e => e.Terms.Count);

    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
