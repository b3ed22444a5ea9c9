using System.CommandLine;

namespace ListingScanner.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "(being built)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("listing-scanner eval: not available in this build yet");
            return 70;
        });
        return command;
    }
}
