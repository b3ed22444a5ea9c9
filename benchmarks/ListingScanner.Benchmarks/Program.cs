using BenchmarkDotNet.Running;
using ListingScanner.Benchmarks.Matcher;

namespace ListingScanner.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project benchmarks/ListingScanner.Benchmarks -- --filter '*'</c>.
/// Two extra commands come first: <c>generate --out DIR</c> writes the matcher benchmark data to files, and
/// <c>matcher-quick</c> is a fast Stopwatch check of the matcher (see benchmarks/README.md).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "generate":
                return MatcherCommands.Generate(args[1..]);
            case "matcher-quick":
                return MatcherCommands.Quick(args[1..]);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
