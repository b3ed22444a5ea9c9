using Microsoft.Extensions.Hosting;

namespace ListingScanner.Worker;

/// <summary>Runs the <see cref="ListingPipeline"/> inside the host and turns how it ended into the process exit code.</summary>
internal sealed class WorkerService : IHostedService, IDisposable
{
    private readonly ListingPipeline _pipeline;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly WorkerExit _exit;
    private readonly CancellationTokenSource _stop = new();
    private Task<int>? _run;

    public WorkerService(ListingPipeline pipeline, IHostApplicationLifetime lifetime, WorkerExit exit)
    {
        _pipeline = pipeline;
        _lifetime = lifetime;
        _exit = exit;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _run = Task.Run(() => _pipeline.RunAsync(_stop.Token), CancellationToken.None);
        _run.ContinueWith(
            run =>
            {
                // The pipeline ends on its own only after a fatal error: take the whole process down with it.
                _exit.Code = run.IsCompletedSuccessfully ? run.Result : 1;
                if (run.Exception?.GetBaseException() is { } error)
                {
                    _exit.Error = error;
                }

                _lifetime.StopApplication();
            },
            TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // SIGTERM / Ctrl+C: stop consuming, drain within Worker__DrainTimeoutSeconds, commit, close.
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            await Task.WhenAny(_run, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stop.Dispose();
}

/// <summary>How the worker ended: the process exit code (0 clean stop, 1 fatal error) and the error, if any.</summary>
internal sealed class WorkerExit
{
    public int Code { get; set; }

    public Exception? Error { get; set; }
}
