using ListingScanner.Engine.Scanning;

namespace ListingScanner.Worker;

/// <summary>
/// The engine currently serving, shared by the pipeline, the HTTP scan endpoint and readiness. A dictionary reload
/// builds a complete new <see cref="ScanEngine"/> off to the side and swaps the reference, so scans in flight finish on
/// the engine they started with and consumption never pauses.
/// </summary>
public sealed class ScanEngineHolder
{
    private volatile ScanEngine? _current;

    public ScanEngineHolder(ScanEngine? initial = null) => _current = initial;

    /// <summary>The engine to use for the next scan; null until a dictionary has loaded.</summary>
    public ScanEngine? Current => _current;

    public bool IsLoaded => _current is not null;

    public void Swap(ScanEngine engine) => _current = engine;
}
