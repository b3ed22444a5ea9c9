using System.Diagnostics;

namespace ListingScanner.Worker.Tests.Support;

/// <summary>Finds and runs the real external tools the deploy checks use (promtool, prometheus).</summary>
internal static class ExternalTool
{
    /// <summary>Full path of <paramref name="name"/> on PATH (or /usr/bin), or null when it is not installed.</summary>
    public static string? Find(string name)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin");
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Runs a tool to completion and captures its output; fails the test if it runs past the timeout.</summary>
    public static async Task<ToolResult> RunAsync(string path, IEnumerable<string> arguments, string? stdin = null,
        string? workingDirectory = null, int timeoutSeconds = 60)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} {string.Join(' ', start.ArgumentList)} did not finish in {timeoutSeconds}s");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}

internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>
/// A fact that needs promtool. Skipped, with the reason, only when promtool is not installed
/// (deploy/dev/install-deps.sh installs it, so CI always runs these).
/// </summary>
internal sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (ExternalTool.Find("promtool") is null)
        {
            Skip = "promtool is not installed (Debian package 'prometheus'; run deploy/dev/install-deps.sh)";
        }
    }
}

/// <summary>A fact that needs the Prometheus server binary; skipped only when it is not installed.</summary>
internal sealed class PrometheusServerFactAttribute : FactAttribute
{
    public PrometheusServerFactAttribute()
    {
        if (ExternalTool.Find("prometheus") is null)
        {
            Skip = "the prometheus server is not installed (Debian package 'prometheus'; run deploy/dev/install-deps.sh)";
        }
    }
}
