using System.CommandLine;

namespace ListingScanner.Commands;

internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "(being built)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("listing-scanner run: not available in this build yet");
            return 70;
        });
        return command;
    }
}
