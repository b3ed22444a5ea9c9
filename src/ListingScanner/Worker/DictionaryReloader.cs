using ListingScanner.Engine.Dictionary;
using ListingScanner.Engine.Scanning;
using ListingScanner.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ListingScanner.Worker;

/// <summary>
/// Hot reload of the dictionary file: a new file is loaded and validated off to the side, compiled into a new
/// <see cref="ScanEngine"/> and swapped into <see cref="ScanEngineHolder"/>; consumption never pauses. A file that does
/// not load is rejected with one log line and the engine already serving keeps serving.
/// </summary>
/// <remarks>
/// Change detection is a file-system watcher (fast path, debounced because editors and `cp` write in several steps)
/// plus polling of the file's content hash, because Kubernetes ConfigMap updates swap a symlink in the parent directory
/// and do not reliably raise events for the watched name.
/// </remarks>
internal sealed class DictionaryReloader : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private readonly string _path;
    private readonly TimeSpan _pollInterval;
    private readonly Func<string, WildlifeDictionary> _load;
    private readonly ScanEngineHolder _engines;
    private readonly ScannerMetrics _metrics;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _changed = new(0);
    private string _fingerprint;

    public DictionaryReloader(string path, TimeSpan pollInterval, Func<string, WildlifeDictionary> load, ScanEngineHolder engines, ScannerMetrics metrics, ILogger<DictionaryReloader> log)
    {
        _path = Path.GetFullPath(path);
        _pollInterval = pollInterval;
        _load = load;
        _engines = engines;
        _metrics = metrics;
        _log = log;
        _fingerprint = Fingerprint(_path);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = CreateWatcher();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Wake on a file event or at the next poll, whichever comes first.
                if (await _changed.WaitAsync(_pollInterval, stoppingToken).ConfigureAwait(false))
                {
                    await Task.Delay(Debounce, stoppingToken).ConfigureAwait(false);
                    while (_changed.CurrentCount > 0)
                    {
                        await _changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            ReloadIfChanged();
        }
    }

    /// <summary>Reloads when the file's fingerprint moved. Returns true when a new engine was swapped in.</summary>
    internal bool ReloadIfChanged()
    {
        string fingerprint = Fingerprint(_path);
        if (fingerprint == _fingerprint)
        {
            return false;
        }

        _fingerprint = fingerprint;
        try
        {
            var dictionary = _load(_path);
            var engine = ScanEngine.Create(dictionary);
            _engines.Swap(engine);
            _metrics.DictionaryReloads.Add(1, new KeyValuePair<string, object?>("result", "success"));
            _log.LogInformation("dictionary reloaded: version {Version}, {Entries} entries", dictionary.Version, dictionary.Entries.Count);
            return true;
        }
        catch (Exception ex) when (ex is DictionaryLoadException or IOException or UnauthorizedAccessException)
        {
            _metrics.DictionaryReloads.Add(1, new KeyValuePair<string, object?>("result", "failure"));
            _log.LogError("dictionary reload rejected, still serving version {Version}: {Error}", _engines.Current?.DictionaryVersion, ex.Message);
            return false;
        }
    }

    private FileSystemWatcher? CreateWatcher()
    {
        string? directory = Path.GetDirectoryName(_path);
        if (directory is null || !Directory.Exists(directory))
        {
            return null;
        }

        // Watch the whole directory: ConfigMaps replace "..data" symlinks, editors write temp files and rename.
        var watcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            IncludeSubdirectories = false,
        };
        watcher.Changed += (_, _) => _changed.Release();
        watcher.Created += (_, _) => _changed.Release();
        watcher.Renamed += (_, _) => _changed.Release();
        watcher.Deleted += (_, _) => _changed.Release();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>
    /// What identifies the file's content: a hash of its bytes. Size and mtime are not enough: a ConfigMap swap
    /// changes a directory symlink (the file's own path and link target stay the same), and file-system timestamps are
    /// coarse enough for two quick edits of equal size to look identical. Hashing a dictionary every few seconds is cheap.
    /// </summary>
    private static string Fingerprint(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable: " + ex.GetType().Name;
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }
}
