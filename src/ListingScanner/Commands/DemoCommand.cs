using System.CommandLine;

namespace ListingScanner.Commands;

internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "(being built)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("listing-scanner demo: not available in this build yet");
            return 70;
        });
        return command;
    }
}
