using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ListingScanner.Engine.Dictionary;

/// <summary>
/// A parsed dictionary file before validation: YAML and JSON are both read into this small tree so one validator,
/// with one set of messages, serves both formats. Every node keeps the (1-based) line it starts on.
/// </summary>
internal abstract class DocNode(int line)
{
    public int Line { get; } = line;
}

/// <summary>A text value; <see cref="Value"/> is null for an explicit null (YAML ~, null or nothing; JSON null).</summary>
internal sealed class DocScalar(int line, string? value) : DocNode(line)
{
    public string? Value { get; } = value;
}

internal sealed class DocSequence(int line, IReadOnlyList<DocNode> items) : DocNode(line)
{
    public IReadOnlyList<DocNode> Items { get; } = items;
}

internal sealed record DocField(string Key, int Line, DocNode Value);

/// <summary>A mapping with its fields in file order; duplicate keys are rejected while reading.</summary>
internal sealed class DocMapping(int line, IReadOnlyList<DocField> fields) : DocNode(line)
{
    public IReadOnlyList<DocField> Fields { get; } = fields;
}

/// <summary>Reads YAML with YamlDotNet's event parser, keeping line numbers for every node.</summary>
internal static class YamlDocumentReader
{
    public static DocNode? Read(string file, string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, DocNode>(StringComparer.Ordinal);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(file, parser, anchors);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                throw DictionaryErrors.At(file, LineOf(second.Start), "a second YAML document ('---'); a dictionary file holds exactly one");
            }

            return root;
        }
        catch (YamlException ex)
        {
            // YamlDotNet messages name the construct but may span lines; keep one line and our own line number.
            throw DictionaryErrors.At(file, LineOf(ex.Start), "YAML syntax error: " + DictionaryErrors.OneLine(ex.Message));
        }
    }

    private static DocNode ReadNode(string file, IParser parser, Dictionary<string, DocNode> anchors)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            // Only an unquoted empty/~/null is null; a quoted "" is an empty string (so `text: ""` is reported as empty).
            bool isNull = scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL";
            return Remember(anchors, scalar.Anchor, new DocScalar(LineOf(scalar.Start), isNull ? null : scalar.Value));
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var items = new List<DocNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(file, parser, anchors));
            }

            return Remember(anchors, sequenceStart.Anchor, new DocSequence(LineOf(sequenceStart.Start), items));
        }

        if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            var fields = new List<DocField>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(file, parser, anchors);
                if (key is not DocScalar { Value: { } name })
                {
                    throw DictionaryErrors.At(file, key.Line, "a field name must be plain text");
                }

                if (seen.TryGetValue(name, out int firstLine))
                {
                    throw DictionaryErrors.At(file, key.Line, $"duplicate field '{name}' (also on line {firstLine})");
                }

                seen[name] = key.Line;
                fields.Add(new DocField(name, key.Line, ReadNode(file, parser, anchors)));
            }

            return Remember(anchors, mappingStart.Anchor, new DocMapping(LineOf(mappingStart.Start), fields));
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw DictionaryErrors.At(file, LineOf(alias.Start), $"unknown alias '*{alias.Value.Value}'");
        }

        // Consume reports the unexpected event with its position, which becomes a syntax error above.
        parser.Consume<Scalar>();
        throw new InvalidOperationException("unreachable: Consume<Scalar> throws on any other event");
    }

    private static DocNode Remember(Dictionary<string, DocNode> anchors, AnchorName anchor, DocNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }

        return node;
    }

    private static int LineOf(Mark mark) => (int)Math.Max(1, mark.Line);
}

/// <summary>Reads strict JSON (comments allowed, nothing else) into the same tree, with line numbers.</summary>
internal static class JsonDocumentReader
{
    public static DocNode? Read(string file, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        var lines = new LineIndex(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            reader.Read();
            var root = ReadValue(file, ref reader, lines);
            if (reader.Read())
            {
                throw DictionaryErrors.At(file, lines.LineOf(reader.TokenStartIndex), "unexpected content after the top-level object");
            }

            return root;
        }
        catch (JsonException ex)
        {
            // The reader's message ends with "LineNumber: n | BytePositionInLine: m."; we report the line ourselves.
            string message = ex.Message;
            int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }

            throw DictionaryErrors.At(file, (int)(ex.LineNumber ?? 0) + 1, "JSON syntax error: " + DictionaryErrors.OneLine(message));
        }
    }

    private static DocNode ReadValue(string file, ref Utf8JsonReader reader, LineIndex lines)
    {
        int line = lines.LineOf(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var fields = new List<DocField>();
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string name = reader.GetString()!;
                    int keyLine = lines.LineOf(reader.TokenStartIndex);
                    if (seen.TryGetValue(name, out int firstLine))
                    {
                        throw DictionaryErrors.At(file, keyLine, $"duplicate field '{name}' (also on line {firstLine})");
                    }

                    seen[name] = keyLine;
                    reader.Read();
                    fields.Add(new DocField(name, keyLine, ReadValue(file, ref reader, lines)));
                }

                return new DocMapping(line, fields);

            case JsonTokenType.StartArray:
                var items = new List<DocNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(file, ref reader, lines));
                }

                return new DocSequence(line, items);

            case JsonTokenType.String:
                return new DocScalar(line, reader.GetString());

            case JsonTokenType.Number:
                return new DocScalar(line, Encoding.UTF8.GetString(reader.ValueSpan));

            case JsonTokenType.True:
                return new DocScalar(line, "true");

            case JsonTokenType.False:
                return new DocScalar(line, "false");

            default:
                return new DocScalar(line, null);
        }
    }

    /// <summary>Byte offsets of line starts, so a token's byte offset can be turned into a line number.</summary>
    private sealed class LineIndex
    {
        private readonly List<long> _starts = [0];

        public LineIndex(ReadOnlySpan<byte> utf8)
        {
            for (int i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    _starts.Add(i + 1);
                }
            }
        }

        public int LineOf(long offset)
        {
            int index = _starts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }
    }
}
