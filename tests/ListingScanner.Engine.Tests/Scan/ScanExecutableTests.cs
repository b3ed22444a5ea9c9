using System.Diagnostics;
using System.Text;

namespace ListingScanner.Engine.Tests.Scan;

/// <summary>
/// The real executable in a child process with real pipes: what an analyst's shell pipeline sees (console streams,
/// exit codes, no progress bar when stderr is not a terminal, no stack traces).
/// </summary>
public sealed class ScanExecutableTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string stdin, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "listing-scanner.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment.Remove("CI");
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(stdin));
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task A_pipe_in_and_out_gives_verdicts_on_stdout_and_only_the_summary_on_stderr()
    {
        string terms = _temp.Write("terms.txt", "象牙\n");
        string input = "{\"listing_id\":\"p1\",\"title\":\"出售 象牙 手镯\"}\n{\"listing_id\":\"p2\",\"title\":\"自行车\"}\nnot json\n";

        var (exitCode, stdout, stderr) = await RunAsync(input, "scan", "--input", "-", "--output", "-", "--dictionary", terms);

        Assert.True(exitCode == 1, stderr); // line 3 is bad
        Assert.Equal(["p1", "p2"], ScanHarness.ListingIds(ScanHarness.ParseJsonLines(stdout)));
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("line 3: invalid_json: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("listing-scanner scan: 2 listings, ", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stderr); // no progress bar or colours in a pipe
    }

    [Fact]
    public async Task A_user_mistake_is_one_line_and_exit_code_2_from_the_real_executable()
    {
        string missing = _temp.File("missing.jsonl");
        var (exitCode, stdout, stderr) = await RunAsync("", "scan", "--input", missing, "--output", "-");

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal($"listing-scanner scan: input file not found: {missing}", stderr.TrimEnd('\n', '\r'));

        var unknown = await RunAsync("", "scan", "--input", "-", "--output", "-", "--no-such-option");
        Assert.Equal(2, unknown.ExitCode);
        Assert.DoesNotContain("   at ", unknown.Stderr, StringComparison.Ordinal);
    }
}
