using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using ListingScanner.Engine.Contract;

namespace ListingScanner.Scanning;

/// <summary>Tuning of the scan pipeline; the defaults suit files of any size on any number of cores.</summary>
internal sealed record ScanPipelineOptions
{
    /// <summary>Lines longer than this (bytes, without the line ending) are reported as oversize and skipped.</summary>
    public int MaxLineBytes { get; init; } = Engine.Contract.ListingParser.DefaultMaxBytes;

    /// <summary>Emit only takedown and review verdicts.</summary>
    public bool OnlyFlagged { get; init; }

    /// <summary>Parallel parse+scan workers.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Input bytes per batch. ~256 KB holds hundreds of listings, which makes the per-batch costs (channel hand-offs,
    /// reorder bookkeeping, one write call) negligible while keeping the in-flight window to a few megabytes.
    /// </summary>
    public int BatchBytes { get; init; } = 256 * 1024;
}

/// <summary>What a scan did, for the summary line and the exit code.</summary>
internal sealed record ScanTotals(
    long Listings, long Takedowns, long Reviews, long Failures, long BlankLines, long BytesRead, TimeSpan Elapsed);

/// <summary>The streams of a scan, to say which one failed.</summary>
internal enum ScanStream
{
    Input,
    Output,
    Failures,
}

/// <summary>A read or write failure of one of the scan's streams; <see cref="Stream"/> says which.</summary>
internal sealed class ScanIOException(ScanStream stream, IOException inner) : IOException(inner.Message, inner)
{
    public ScanStream Stream { get; } = stream;
}

/// <summary>
/// The streaming scan: one reader splits the input into batches of lines, N workers parse and scan batches in
/// parallel, and one writer puts the verdicts back in input order.
/// </summary>
/// <remarks>
/// Memory is bounded by construction: a fixed set of batches circulates reader → workers → writer → reader, so the
/// reader waits when the writer is behind and the writer's reorder buffer can never hold more than the set. Input
/// size does not matter; a 64 GB file uses the same few megabytes as a 64 KB one.
/// </remarks>
internal sealed class ScanPipeline
{
    private readonly Func<ListingEvent, Verdict> _scan;
    private readonly ScanPipelineOptions _options;
    private LineBatchReader? _reader;

    /// <param name="scan">Scans one listing; called from several threads at once (ScanEngine.Scan is thread-safe).</param>
    /// <param name="options">Limits and parallelism.</param>
    public ScanPipeline(Func<ListingEvent, Verdict> scan, ScanPipelineOptions options)
    {
        _scan = scan;
        _options = options;
    }

    /// <summary>Input bytes read so far; safe to poll from another thread (progress bar).</summary>
    public long BytesRead => _reader?.BytesRead ?? 0;

    public async Task<ScanTotals> RunAsync(Stream input, Stream output, IFailureSink failures, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int workers = Math.Max(1, _options.Workers);

        // Two batches per worker keeps every worker busy while the reader fills and the writer drains; two more
        // are the reader's and the writer's own.
        int batchCount = (2 * workers) + 2;
        var free = Channel.CreateBounded<LineBatch>(batchCount);
        for (int i = 0; i < batchCount; i++)
        {
            free.Writer.TryWrite(new LineBatch(_options.BatchBytes));
        }

        var toScan = Channel.CreateBounded<LineBatch>(new BoundedChannelOptions(batchCount) { SingleWriter = true });
        var toWrite = Channel.CreateBounded<LineBatch>(new BoundedChannelOptions(batchCount) { SingleReader = true });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _reader = new LineBatchReader(input, _options.MaxLineBytes, free.Reader, toScan.Writer);
        var writer = new OrderedWriter(output, failures, free.Writer);

        Task reading = RunStage(() => ReadInput(_reader, stop.Token), stop);
        var scanning = new Task[workers];
        for (int i = 0; i < workers; i++)
        {
            var scanner = new BatchScanner(_scan, _options.OnlyFlagged, _options.MaxLineBytes);
            scanning[i] = RunStage(() => ScanBatchesAsync(scanner, toScan.Reader, toWrite.Writer, stop.Token), stop);
        }

        Task allScanned = CompleteWhenAll(scanning, toWrite.Writer);
        Task writing = RunStage(() => writer.RunAsync(toWrite.Reader, stop.Token), stop);

        Task[] stages = [reading, allScanned, writing];
        try
        {
            await Task.WhenAll(stages).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // One stage failing cancels the others; report the failure itself, not the cancellations it caused.
            foreach (Task stage in stages)
            {
                if (stage.Exception?.InnerException is { } cause and not OperationCanceledException)
                {
                    ExceptionDispatchInfo.Throw(cause);
                }
            }

            throw;
        }

        return new ScanTotals(
            writer.Listings, writer.Takedowns, writer.Reviews, writer.Failures, writer.BlankLines, _reader.BytesRead, clock.Elapsed);
    }

    private static async Task ReadInput(LineBatchReader reader, CancellationToken cancellationToken)
    {
        try
        {
            await reader.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new ScanIOException(ScanStream.Input, ex);
        }
    }

    private static async Task ScanBatchesAsync(
        BatchScanner scanner, ChannelReader<LineBatch> toScan, ChannelWriter<LineBatch> toWrite, CancellationToken cancellationToken)
    {
        using var owned = scanner;
        await foreach (LineBatch batch in toScan.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            scanner.Scan(batch);
            await toWrite.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CompleteWhenAll(Task[] workers, ChannelWriter<LineBatch> toWrite)
    {
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            toWrite.TryComplete();
        }
    }

    /// <summary>Runs a stage on the thread pool; if it fails, cancels the other stages so nobody waits forever.</summary>
    private static Task RunStage(Func<Task> stage, CancellationTokenSource stop) =>
        Task.Run(async () =>
        {
            try
            {
                await stage().ConfigureAwait(false);
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        });

    /// <summary>
    /// Writes batches strictly in sequence order. Batches finish out of order (workers run in parallel); a finished
    /// batch waits in <c>_pending</c> until every earlier one is written. Also the only place failures are reported
    /// and totals are summed, so neither needs locking.
    /// </summary>
    private sealed class OrderedWriter(Stream output, IFailureSink failures, ChannelWriter<LineBatch> free)
    {
        private readonly Dictionary<long, LineBatch> _pending = [];
        private long _next;

        public long Listings { get; private set; }

        public long Takedowns { get; private set; }

        public long Reviews { get; private set; }

        public long Failures { get; private set; }

        public long BlankLines { get; private set; }

        public async Task RunAsync(ChannelReader<LineBatch> toWrite, CancellationToken cancellationToken)
        {
            await foreach (LineBatch batch in toWrite.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                _pending.Add(batch.Sequence, batch);
                while (_pending.Remove(_next, out LineBatch? ready))
                {
                    await WriteAsync(ready, cancellationToken).ConfigureAwait(false);
                    _next++;
                }
            }

            try
            {
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new ScanIOException(ScanStream.Output, ex);
            }

            try
            {
                failures.Flush();
            }
            catch (IOException ex)
            {
                throw new ScanIOException(ScanStream.Failures, ex);
            }
        }

        private async ValueTask WriteAsync(LineBatch batch, CancellationToken cancellationToken)
        {
            try
            {
                await output.WriteAsync(batch.Output.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new ScanIOException(ScanStream.Output, ex);
            }

            try
            {
                foreach (LineFailure failure in batch.Failures)
                {
                    failures.Report(failure);
                }
            }
            catch (IOException ex)
            {
                throw new ScanIOException(ScanStream.Failures, ex);
            }

            Listings += batch.Listings;
            Takedowns += batch.Takedowns;
            Reviews += batch.Reviews;
            Failures += batch.Failures.Count;
            BlankLines += batch.BlankLines;

            batch.Reset();
            free.TryWrite(batch); // never full: the channel has room for every batch there is
        }
    }
}
