using System.Diagnostics;
using System.Text;

namespace ListingScanner.Worker.Tests.Kafka;

/// <summary>The real <c>listing-scanner</c> executable running as a child process (built next to the tests).</summary>
internal sealed class ScannerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public ScannerProcess(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "listing-scanner.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start listing-scanner");
        _process.OutputDataReceived += (_, e) => Append("out", e.Data);
        _process.ErrorDataReceived += (_, e) => Append("err", e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for exit; returns the exit code, or null if it did not exit in time.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return null;
        }

        _process.WaitForExit(); // flush the asynchronous output readers
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as Kubernetes sends on pod shutdown.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGKILL: no drain, no commit, no close; exactly a crash.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    private void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-s", name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private void Append(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(stream).Append(": ").AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
