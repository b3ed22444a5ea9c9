using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace ListingScanner.Engine.Dictionary;

/// <summary>A dictionary file that cannot be used, with one message naming file, line and problem.</summary>
public sealed class DictionaryLoadException(string message) : Exception(message);

/// <summary>Loads and validates a dictionary file: YAML (.yaml/.yml), JSON (.json) or a plain term list (.txt).</summary>
public static class DictionaryLoader
{
    /// <summary>Loads <paramref name="path"/>; throws <see cref="DictionaryLoadException"/> with a one-line message on any problem.</summary>
    public static WildlifeDictionary Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".yaml" or ".yml" or ".json" or ".txt"))
        {
            throw DictionaryErrors.File(path, $"unsupported file type '{extension}' (use .yaml, .yml, .json or .txt)");
        }

        byte[] bytes = ReadAllBytes(path);
        ReadOnlySpan<byte> utf8 = bytes;
        if (!Utf8.IsValid(utf8))
        {
            throw DictionaryErrors.At(path, LineOfFirstInvalidByte(utf8), "invalid UTF-8 (save the file as UTF-8)");
        }

        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..]; // editors on Windows like to add a byte-order mark; it carries no meaning
        }

        if (extension == ".txt")
        {
            return TermListReader.Read(path, Encoding.UTF8.GetString(utf8), bytes);
        }

        DocNode? root = extension == ".json"
            ? JsonDocumentReader.Read(path, utf8)
            : YamlDocumentReader.Read(path, Encoding.UTF8.GetString(utf8));
        return DictionaryValidator.Validate(path, root);
    }

    private static byte[] ReadAllBytes(string path)
    {
        if (Directory.Exists(path))
        {
            throw DictionaryErrors.File(path, "is a directory, not a dictionary file");
        }

        if (!System.IO.File.Exists(path))
        {
            throw DictionaryErrors.File(path, "file not found");
        }

        try
        {
            return System.IO.File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw DictionaryErrors.File(path, "cannot read: " + DictionaryErrors.OneLine(ex.Message));
        }
    }

    private static int LineOfFirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        int offset = 0;
        int line = 1;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out var rune, out int consumed) != OperationStatus.Done)
            {
                return line;
            }

            if (rune.Value == '\n')
            {
                line++;
            }

            offset += consumed;
        }

        return line;
    }
}

/// <summary>Builds the one-line messages of <see cref="DictionaryLoadException"/>.</summary>
internal static class DictionaryErrors
{
    /// <summary>"file:line: problem" — the shape editors and CI logs recognise as a clickable location.</summary>
    public static DictionaryLoadException At(string file, int line, string problem) => new($"{file}:{line}: {problem}");

    /// <summary>"file: problem", for problems that have no line (missing file, unsupported type).</summary>
    public static DictionaryLoadException File(string file, string problem) => new($"{file}: {problem}");

    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
