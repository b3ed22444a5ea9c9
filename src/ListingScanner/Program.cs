using System.CommandLine;
using ListingScanner.Commands;

namespace ListingScanner;

/// <summary>listing-scanner: scan listings for illegal wildlife trade, offline or as a Kafka worker.</summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "ListingScanner: finds listings that offer protected wildlife (ivory, rhino horn, pangolin, tiger, ...)."
            + " With no command, runs the Kafka worker.");
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(DictCommand.Create());

        // No subcommand means "run": a container started with no arguments is a worker.
        if (args.Length == 0)
        {
            args = ["run"];
        }

        return CommandLineRunner.InvokeAsync(root, args, Console.Error);
    }
}
