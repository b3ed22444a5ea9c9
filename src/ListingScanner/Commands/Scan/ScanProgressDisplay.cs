using Spectre.Console;

namespace ListingScanner.Commands.Scan;

/// <summary>
/// A progress bar on stderr while a scan runs, for a person at a terminal. Bad-line reports printed meanwhile go
/// through the same console so they appear above the bar instead of tearing it.
/// </summary>
internal static class ScanProgressDisplay
{
    /// <summary>
    /// Runs <paramref name="body"/>, giving it a way to print lines. With <paramref name="terminal"/> null (stderr
    /// is a pipe or a file, or CI), no bar is drawn and lines go straight to <paramref name="error"/>.
    /// </summary>
    public static async Task<T> RunAsync<T>(
        TextWriter error, bool terminal, long? totalBytes, Func<long> bytesRead, Func<Action<string>, Task<T>> body)
    {
        if (!terminal)
        {
            return await body(error.WriteLine).ConfigureAwait(false);
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        ProgressColumn[] columns = totalBytes is null
            ? [new SpinnerColumn(), new TaskDescriptionColumn(), new ElapsedTimeColumn()]
            : [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(),
               new TransferSpeedColumn(), new RemainingTimeColumn()];

        return await console.Progress()
            .AutoClear(true) // the summary line replaces the bar
            .Columns(columns)
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("scanning", autoStart: true, maxValue: Math.Max(1, totalBytes ?? 1));
                Task<T> work = body(line => console.WriteLine(line));
                while (!work.IsCompleted)
                {
                    long read = bytesRead();
                    if (totalBytes is null)
                    {
                        task.Description = $"scanning stdin: {read / 1_000_000.0:F1} MB read";
                    }
                    else
                    {
                        task.Value = read;
                    }

                    await Task.WhenAny(work, Task.Delay(200)).ConfigureAwait(false);
                }

                task.Value = task.MaxValue;
                return await work.ConfigureAwait(false);
            })
            .ConfigureAwait(false);
    }
}
