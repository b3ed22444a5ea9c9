using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using ListingScanner.Commands;
using ListingScanner.Commands.Scan;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scanning;

namespace ListingScanner.Engine.Tests.Scan;

/// <summary>The outcome of one in-process <c>listing-scanner scan</c> run.</summary>
internal sealed record ScanRun(int ExitCode, string Stderr, byte[] Stdout)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    /// <summary>Stderr lines, without the trailing empty one.</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit {ExitCode}; stderr:\n{Stderr}";
}

/// <summary>
/// Runs the scan command in-process exactly as the executable does (same command definition, same parse-error
/// handling), with memory streams for stdin/stdout and a captured stderr.
/// </summary>
internal static class ScanHarness
{
    /// <param name="args">Arguments after "scan".</param>
    /// <param name="dictionary">An in-memory dictionary for the real engine, or null to load --dictionary with the real loader.</param>
    /// <param name="stdin">Bytes of standard input (for --input -).</param>
    public static Task<ScanRun> RunAsync(string[] args, WildlifeDictionary? dictionary = null, byte[]? stdin = null) =>
        RunAsync(args, dictionary is null ? ScanEnvironment.LoadEngine : _ => ScanEngine.Create(dictionary).Scan, stdin);

    /// <param name="args">Arguments after "scan".</param>
    /// <param name="loadScanner">Stands in for loading the dictionary and compiling the engine.</param>
    /// <param name="stdin">Bytes of standard input (for --input -).</param>
    public static async Task<ScanRun> RunAsync(string[] args, Func<string, Func<ListingEvent, Verdict>> loadScanner, byte[]? stdin = null)
    {
        var stderr = new StringWriter();
        var stdout = new MemoryStream();
        var environment = new ScanEnvironment
        {
            OpenStandardInput = () => new MemoryStream(stdin ?? [], writable: false),
            OpenStandardOutput = () => stdout,
            Error = stderr,
            ErrorIsTerminal = false,
            LoadScanner = loadScanner,
        };
        var root = new RootCommand("test");
        root.Subcommands.Add(ScanCommand.Create(environment));

        int exitCode = await CommandLineRunner.InvokeAsync(root, ["scan", .. args], stderr);
        return new ScanRun(exitCode, stderr.ToString(), stdout.ToArray()); // ToArray works on a closed MemoryStream
    }

    /// <summary>Reads a JSON Lines file into objects.</summary>
    public static List<JsonObject> ReadJsonLines(string path) => ParseJsonLines(File.ReadAllText(path, Encoding.UTF8));

    public static List<JsonObject> ParseJsonLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();

    public static List<string> ListingIds(IEnumerable<JsonObject> verdicts) =>
        verdicts.Select(v => (string)v["listing_id"]!).ToList();
}

/// <summary>A temporary directory per test class, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "scan-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    public string Write(string name, byte[] content)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp directory is not a test failure
        }
    }
}

/// <summary>Paths in the source tree (golden files, schemas, the bundled sample, dictionary and dev set, the ajv validator).</summary>
internal static class RepoPaths
{
    public static readonly string Root = FindRoot();

    public static string SampleListings => Path.Combine(Root, "src", "ListingScanner", "data", "samples", "listings.jsonl");

    public static string ShippedDictionary => Path.Combine(Root, "src", "ListingScanner", "data", "dictionary", "wildlife.yaml");

    public static string DevSet => Path.Combine(Root, "src", "ListingScanner", "data", "eval", "dev-set.jsonl");

    public static string VerdictSchema => Path.Combine(Root, "src", "ListingScanner.Engine", "Contract", "Schemas", "verdict.schema.json");

    public static string ListingSchema => Path.Combine(Root, "src", "ListingScanner.Engine", "Contract", "Schemas", "listing-event.schema.json");

    public static string ContractValidator => Path.Combine(Root, "tests", "contract-validator");

    public static string Golden(string name) => Path.Combine(Root, "tests", "ListingScanner.Engine.Tests", "Golden", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ListingScanner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ListingScanner.sln not found above " + AppContext.BaseDirectory);
    }
}
