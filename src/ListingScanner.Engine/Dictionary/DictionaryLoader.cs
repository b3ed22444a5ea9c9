namespace ListingScanner.Engine.Dictionary;

/// <summary>A dictionary file that cannot be used, with one message naming file, line and problem.</summary>
public sealed class DictionaryLoadException(string message) : Exception(message);

/// <summary>Loads and validates a dictionary file: YAML (.yaml/.yml), JSON (.json) or a plain term list (.txt).</summary>
public static class DictionaryLoader
{
    /// <summary>Loads <paramref name="path"/>; throws <see cref="DictionaryLoadException"/> with a one-line message on any problem.</summary>
    public static WildlifeDictionary Load(string path) =>
        throw new DictionaryLoadException($"{path}: dictionary loading is not implemented in this build yet");
}
