using System.CommandLine;

namespace ListingScanner.Commands;

internal static class DictCommand
{
    public static Command Create()
    {
        var command = new Command("dict", "(being built)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("listing-scanner dict: not available in this build yet");
            return 70;
        });
        return command;
    }
}
