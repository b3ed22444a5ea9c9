using System.CommandLine;

namespace ListingScanner.Commands;

internal static class ScanCommand
{
    public static Command Create()
    {
        var command = new Command("scan", "(being built)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("listing-scanner scan: not available in this build yet");
            return 70;
        });
        return command;
    }
}
