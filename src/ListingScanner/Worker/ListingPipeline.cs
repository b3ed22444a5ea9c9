using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Threading.Channels;
using Confluent.Kafka;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Scanning;
using ListingScanner.Kafka;
using ListingScanner.Telemetry;
using Microsoft.Extensions.Logging;

namespace ListingScanner.Worker;

/// <summary>
/// The streaming worker: consume listings -> scan (parallel) -> publish verdicts and dead-letter records, committing
/// input offsets only once everything a listing produced has been acknowledged by the broker (at-least-once).
/// </summary>
/// <remarks>
/// Threads: one dedicated consume thread (also the only thread that touches assignments and commits), N scan tasks
/// reading one bounded channel, one publish task, and librdkafka's delivery-report thread, which completes offsets.
/// Both channels are bounded with <see cref="BoundedChannelFullMode.Wait"/>: when scanning or publishing falls behind
/// the consume thread blocks, stops fetching, and the backlog stays in Kafka instead of in memory. Dropping modes
/// would lose listings; an unbounded channel would grow without limit under a backlog.
/// Offsets are committed explicitly (enable.auto.commit=false) every Worker__CommitIntervalMs from the consume thread:
/// every commit's outcome is observed and counted, and a partition being revoked commits exactly its own completed
/// prefix before it goes.
/// </remarks>
internal sealed class ListingPipeline
{
    /// <summary>Dead-letter records keep at most this much of a value the cluster refused as too large.</summary>
    internal const int TruncatedDeadLetterBytes = 64 * 1024;

    private static readonly TimeSpan ConsumePollTimeout = TimeSpan.FromMilliseconds(100);

    private readonly WorkerOptions _options;
    private readonly ScanEngineHolder _engines;
    private readonly ScannerMetrics _metrics;
    private readonly ReadinessState _readiness;
    private readonly ILogger _log;

    private readonly Channel<WorkItem> _scanQueue;
    private readonly Channel<WorkItem> _publishQueue;

    // Touched only by the consume thread (including the rebalance handlers, which librdkafka runs inside Consume).
    private readonly Dictionary<TopicPartition, PartitionOffsets> _assigned = new();

    private IConsumer<byte[]?, byte[]?>? _consumer;
    private IProducer<byte[]?, byte[]?>? _producer;
    private volatile string? _fatal;
    private volatile bool _stopping;
    private volatile PartitionLag[] _lag = [];
    private long _lastConsumeErrorLog;

    // Header values cached per engine so a verdict does not encode the same strings every time.
    private ScanEngine? _headerEngine;
    private byte[] _scannerVersionHeader = Encoding.UTF8.GetBytes(ScanEngine.ScannerVersion);
    private byte[] _dictionaryVersionHeader = [];

    public ListingPipeline(WorkerOptions options, ScanEngineHolder engines, ScannerMetrics metrics, ReadinessState readiness, ILogger<ListingPipeline> log)
    {
        _options = options;
        _engines = engines;
        _metrics = metrics;
        _readiness = readiness;
        _log = log;
        _scanQueue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(options.ScanQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
            SingleReader = options.ScanParallelism == 1,
        });
        _publishQueue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(options.PublishQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = options.ScanParallelism == 1,
            SingleReader = true,
        });

        metrics.ObserveQueueDepth(() =>
        [
            new Measurement<long>(_scanQueue.Reader.Count, new KeyValuePair<string, object?>("stage", "scan")),
            new Measurement<long>(_publishQueue.Reader.Count, new KeyValuePair<string, object?>("stage", "publish")),
        ]);
        metrics.ObserveConsumerLag(() =>
        {
            var lag = _lag;
            var measurements = new Measurement<long>[lag.Length];
            for (int i = 0; i < lag.Length; i++)
            {
                measurements[i] = new Measurement<long>(lag[i].Lag,
                    new KeyValuePair<string, object?>("topic", lag[i].Topic),
                    new KeyValuePair<string, object?>("partition", lag[i].Partition));
            }

            return measurements;
        });
    }

    /// <summary>Why the worker stopped on its own, or null.</summary>
    public string? FatalError => _fatal;

    /// <summary>
    /// Runs until <paramref name="stoppingToken"/> fires (then drains for up to Worker__DrainTimeoutSeconds, commits,
    /// closes the consumer) or a fatal error occurs. Returns 0 after a clean stop, 1 after a fatal error.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            _producer = new ProducerBuilder<byte[]?, byte[]?>(KafkaClients.ProducerConfig(_options))
                .SetErrorHandler((_, e) => OnClientError("producer", e))
                .SetLogHandler((_, m) => LogClient(m))
                .Build();
            _consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaClients.ConsumerConfig(_options))
                .SetErrorHandler((_, e) => OnClientError("consumer", e))
                .SetLogHandler((_, m) => LogClient(m))
                .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
                .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions, commit: true))
                .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions, commit: false))
                .Build();
        }
        catch (Exception ex) when (ex is KafkaException or ArgumentException or InvalidOperationException)
        {
            // Almost always a bad Kafka__Properties__* value: librdkafka names the property.
            _producer?.Dispose();
            throw new ConfigurationException("Kafka__Properties: " + ex.Message);
        }

        var scanTasks = new Task[_options.ScanParallelism];
        for (int i = 0; i < scanTasks.Length; i++)
        {
            scanTasks[i] = Task.Run(ScanLoopAsync, CancellationToken.None);
        }

        var scanning = Task.WhenAll(scanTasks).ContinueWith(_ => _publishQueue.Writer.TryComplete(), TaskScheduler.Default);
        var publishing = Task.Run(PublishLoopAsync, CancellationToken.None);

        var consuming = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumeThread = new Thread(() =>
        {
            try
            {
                consuming.TrySetResult(ConsumeLoop(scanning, publishing, stoppingToken));
            }
            catch (Exception ex)
            {
                consuming.TrySetException(ex);
            }
        })
        {
            Name = "listing-consumer",
            IsBackground = true,
        };
        consumeThread.Start();

        try
        {
            return await consuming.Task.ConfigureAwait(false);
        }
        finally
        {
            _readiness.SetAssignedPartitions(0);
            _producer.Dispose();
            _consumer.Dispose();
        }
    }

    private int ConsumeLoop(Task scanning, Task publishing, CancellationToken stoppingToken)
    {
        var consumer = _consumer!;
        consumer.Subscribe(_options.ListingsTopic);
        _log.LogInformation("consuming {Topic} as group {Group} from {Bootstrap}", _options.ListingsTopic, _options.GroupId, _options.BootstrapServers);

        long commitEvery = _options.CommitIntervalMs * Stopwatch.Frequency / 1000;
        long nextCommit = Stopwatch.GetTimestamp() + commitEvery;
        var writer = _scanQueue.Writer;

        while (!stoppingToken.IsCancellationRequested && _fatal is null)
        {
            ConsumeResult<byte[]?, byte[]?>? result = null;
            try
            {
                result = consumer.Consume(ConsumePollTimeout);
            }
            catch (ConsumeException ex)
            {
                OnConsumeError(ex.Error);
            }

            if (result is { IsPartitionEOF: false } && _assigned.TryGetValue(result.TopicPartition, out var offsets))
            {
                offsets.Track(result.Offset.Value);
                _metrics.ListingsConsumed.Add(1);
                var item = new WorkItem(result, offsets, Stopwatch.GetTimestamp());
                if (!writer.TryWrite(item))
                {
                    // Backpressure: the scan stage is full. Blocking here stops fetching; the backlog stays in Kafka.
                    writer.WriteAsync(item, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                }
            }

            if (Stopwatch.GetTimestamp() >= nextCommit)
            {
                CommitCompleted(_assigned.Values);
                nextCommit = Stopwatch.GetTimestamp() + commitEvery;
            }
        }

        writer.TryComplete();
        if (_fatal is null)
        {
            Drain(scanning, publishing);
        }

        // Only the contiguous completed prefix is committed, so nothing that failed or is still in flight is skipped.
        CommitCompleted(_assigned.Values);
        try
        {
            // Close leaves the group promptly (the revoke handler runs once more) instead of waiting for the session
            // to time out, so the partitions move to another member at once.
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            _log.LogWarning("closing the consumer: {Error}", ex.Error.Reason);
        }

        if (_fatal is { } fatal)
        {
            _log.LogCritical("stopping: {Reason}", fatal);
            return 1;
        }

        _log.LogInformation("stopped cleanly");
        return 0;
    }

    private void Drain(Task scanning, Task publishing)
    {
        _stopping = true;
        var deadline = Stopwatch.StartNew();
        var timeout = _options.DrainTimeout;
        Task.WaitAny([Task.WhenAll(scanning, publishing)], Remaining(deadline, timeout));
        while (deadline.Elapsed < timeout && _fatal is null && InFlight() > 0)
        {
            Thread.Sleep(10);
        }

        int left = InFlight();
        if (left > 0)
        {
            _log.LogWarning("drain deadline ({Seconds} s) passed with {Count} listings in flight; they will be redelivered", _options.DrainTimeoutSeconds, left);
        }
    }

    private static TimeSpan Remaining(Stopwatch elapsed, TimeSpan timeout) =>
        timeout > elapsed.Elapsed ? timeout - elapsed.Elapsed : TimeSpan.Zero;

    private int InFlight()
    {
        int count = 0;
        foreach (var offsets in _assigned.Values)
        {
            count += offsets.InFlight;
        }

        return count;
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        // Eager protocols pass the full assignment, cooperative ones the increment: treat both as additions.
        foreach (var tp in partitions)
        {
            if (!_assigned.ContainsKey(tp))
            {
                _assigned[tp] = new PartitionOffsets(tp.Topic, tp.Partition.Value);
            }
        }

        _readiness.SetAssignedPartitions(_assigned.Count);
        if (_log.IsEnabled(LogLevel.Information))
        {
            _log.LogInformation("assigned {Partitions}", string.Join(",", partitions));
        }
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions, bool commit)
    {
        var leaving = new List<PartitionOffsets>(partitions.Count);
        foreach (var tpo in partitions)
        {
            if (_assigned.Remove(tpo.TopicPartition, out var offsets))
            {
                leaving.Add(offsets);
            }
        }

        if (commit)
        {
            // What is complete is committed now; what is in flight is dropped below and redelivered to the next owner.
            CommitCompleted(leaving);
        }

        foreach (var offsets in leaving)
        {
            offsets.MarkRevoked();
        }

        _readiness.SetAssignedPartitions(_assigned.Count);
        if (_log.IsEnabled(LogLevel.Information))
        {
            _log.LogInformation("{What} {Partitions}", commit ? "revoked" : "lost", string.Join(",", partitions.Select(p => p.TopicPartition)));
        }
    }

    private void CommitCompleted(IEnumerable<PartitionOffsets> partitions)
    {
        List<(PartitionOffsets Offsets, long Next)>? batch = null;
        foreach (var offsets in partitions)
        {
            if (offsets.TakeCommittable() is long next)
            {
                (batch ??= []).Add((offsets, next));
            }
        }

        if (batch is not null)
        {
            var list = new List<TopicPartitionOffset>(batch.Count);
            foreach (var (offsets, next) in batch)
            {
                list.Add(new TopicPartitionOffset(offsets.Topic, offsets.Partition, next));
            }

            try
            {
                _consumer!.Commit(list);
                _metrics.Commits.Add(1);
            }
            catch (KafkaException ex)
            {
                // Not fatal: the offsets are handed out again next time; at worst messages are redelivered.
                _metrics.CommitFailures.Add(1);
                _log.LogWarning("offset commit failed ({Error}); will retry", ex.Error.Reason);
                foreach (var (offsets, next) in batch)
                {
                    offsets.ReturnCommittable(next);
                }
            }
        }

        UpdateLag();
    }

    private void UpdateLag()
    {
        var lag = new PartitionLag[_assigned.Count];
        int i = 0;
        foreach (var (tp, offsets) in _assigned)
        {
            long high = _consumer!.GetWatermarkOffsets(tp).High.Value;
            long committed = offsets.Committable;
            lag[i++] = new PartitionLag(tp.Topic, tp.Partition.Value, high < 0 ? 0 : Math.Max(0, high - Math.Max(committed, 0)));
        }

        _lag = lag;
    }

    private async Task ScanLoopAsync()
    {
        var reader = _scanQueue.Reader;
        var writer = _publishQueue.Writer;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (_fatal is not null || item.Offsets.IsRevoked)
                {
                    continue; // not committed: redelivered to whoever owns the partition next
                }

                if (!Prepare(item))
                {
                    Complete(item, published: false);
                    continue;
                }

                item.PendingAcks = item.Second is null ? 1 : 2;
                if (!writer.TryWrite(item))
                {
                    await writer.WriteAsync(item).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Parses and scans one listing and decides what to publish. False when nothing needs publishing.</summary>
    private bool Prepare(WorkItem item)
    {
        byte[]? value = item.Source.Message.Value;
        if (value is null)
        {
            // A tombstone: the listing was deleted upstream, there is nothing to judge.
            _metrics.Tombstones.Add(1);
            return false;
        }

        if (!ListingParser.TryParse(value, out var listing, out var error, _options.MaxMessageBytes))
        {
            item.First = DeadLetter(item, error.Reason, error.Message);
            return true;
        }

        var engine = _engines.Current!;
        Verdict verdict;
        try
        {
            verdict = engine.Scan(listing!);
        }
        catch (Exception ex)
        {
            // A listing the engine cannot handle is an engine bug, but it must not stop the worker or vanish.
            item.First = DeadLetter(item, "scan_error", ex.GetType().Name + ": " + ex.Message);
            return true;
        }

        _metrics.Verdicts.Add(1, new KeyValuePair<string, object?>("action", ActionName(verdict.Action)));
        foreach (var match in verdict.Matches)
        {
            _metrics.Matches.Add(1, new KeyValuePair<string, object?>("kind", match.Kind));
        }

        bool flagged = verdict.Action != VerdictAction.Allow;
        if (!flagged && _options.AuditTopic is null)
        {
            return false;
        }

        byte[] json = ContractJson.SerializeVerdict(verdict);
        byte[] key = Encoding.UTF8.GetBytes(verdict.ListingId);
        Headers headers = VerdictHeaders(engine);
        if (flagged)
        {
            item.First = new Outbound(item, _options.TakedownsTopic, new Message<byte[]?, byte[]?> { Key = key, Value = json, Headers = headers });
        }

        if (_options.AuditTopic is { } audit)
        {
            var record = new Outbound(item, audit, new Message<byte[]?, byte[]?> { Key = key, Value = json, Headers = headers });
            if (item.First is null)
            {
                item.First = record;
            }
            else
            {
                item.Second = record;
            }
        }

        return true;
    }

    private Headers VerdictHeaders(ScanEngine engine)
    {
        if (!ReferenceEquals(_headerEngine, engine))
        {
            // Benign race between scan workers: both compute the same bytes.
            _dictionaryVersionHeader = Encoding.UTF8.GetBytes(engine.DictionaryVersion);
            _headerEngine = engine;
        }

        return new Headers
        {
            { "scanner-version", _scannerVersionHeader },
            { "dictionary-version", _dictionaryVersionHeader },
        };
    }

    private Outbound DeadLetter(WorkItem item, string reason, string message)
    {
        _metrics.DeadLettered.Add(1, new KeyValuePair<string, object?>("reason", reason));
        var source = item.Source;
        var headers = new Headers();
        if (source.Message.Headers is { } original)
        {
            foreach (var header in original)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        headers.Add("dlq-source-topic", Encoding.UTF8.GetBytes(source.Topic));
        headers.Add("dlq-source-partition", Encoding.UTF8.GetBytes(source.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        headers.Add("dlq-source-offset", Encoding.UTF8.GetBytes(source.Offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        headers.Add("dlq-reason", Encoding.UTF8.GetBytes(reason));
        headers.Add("dlq-message", Encoding.UTF8.GetBytes(message));
        return new Outbound(item, _options.DeadLetterTopic, new Message<byte[]?, byte[]?>
        {
            Key = source.Message.Key,
            Value = source.Message.Value,
            Headers = headers,
        });
    }

    private async Task PublishLoopAsync()
    {
        var reader = _publishQueue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (_fatal is not null || item.Offsets.IsRevoked)
                {
                    continue;
                }

                await ProduceAsync(item.First!).ConfigureAwait(false);
                if (item.Second is { } second)
                {
                    await ProduceAsync(second).ConfigureAwait(false);
                }
            }
        }
    }

    private async ValueTask ProduceAsync(Outbound record)
    {
        record.Handler ??= report => OnDelivered(record, report);
        while (_fatal is null)
        {
            try
            {
                _producer!.Produce(record.Topic, record.Message, record.Handler);
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // librdkafka's send queue is full: the broker is slower than us. Wait for deliveries to drain it.
                await Task.Delay(5).ConfigureAwait(false);
            }
            catch (ProduceException<byte[]?, byte[]?> ex)
            {
                OnDeliveryFailed(record, ex.Error);
                return;
            }
        }
    }

    private void OnDelivered(Outbound record, DeliveryReport<byte[]?, byte[]?> report)
    {
        if (report.Error.IsError)
        {
            OnDeliveryFailed(record, report.Error);
            return;
        }

        var item = record.Owner;
        if (Interlocked.Decrement(ref item.PendingAcks) == 0)
        {
            Complete(item, published: true);
        }
    }

    private void OnDeliveryFailed(Outbound record, Error error)
    {
        var item = record.Owner;
        if (item.Offsets.IsRevoked || _fatal is not null)
        {
            return; // uncommitted; redelivered to the partition's next owner or after restart
        }

        if (ProduceErrors.IsTooLarge(error) && record.Topic == _options.DeadLetterTopic
            && record.Message.Value is { Length: > TruncatedDeadLetterBytes } value)
        {
            // The cluster will never take this record whole (the input was already huge). Keep the evidence that can
            // be kept rather than stop the worker on one poisonous listing forever.
            var headers = record.Message.Headers;
            headers.Add("dlq-truncated-from", Encoding.UTF8.GetBytes(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            record.Message = new Message<byte[]?, byte[]?> { Key = record.Message.Key, Value = value[..TruncatedDeadLetterBytes], Headers = headers };
            _ = RetryAsync(record, TimeSpan.Zero);
            return;
        }

        if (ProduceErrors.IsPermanent(error))
        {
            Fail($"cannot publish to {record.Topic}: {error.Reason} ({error.Code}); offsets are not committed past {item.Source.TopicPartitionOffset}");
            return;
        }

        _metrics.ProduceRetries.Add(1);
        record.Retries++;
        double backoffMs = Math.Min(30_000, _options.ProduceRetryBackoffMs * Math.Pow(2, Math.Min(record.Retries - 1, 16)));
        if (record.Retries == 1 || record.Retries % 10 == 0)
        {
            _log.LogWarning("publishing to {Topic} failed ({Error}); retry {Retry} in {Backoff} ms", record.Topic, error.Reason, record.Retries, (int)backoffMs);
        }

        _ = RetryAsync(record, TimeSpan.FromMilliseconds(backoffMs));
    }

    private async Task RetryAsync(Outbound record, TimeSpan backoff)
    {
        if (backoff > TimeSpan.Zero)
        {
            await Task.Delay(backoff).ConfigureAwait(false);
        }

        if (!record.Owner.Offsets.IsRevoked)
        {
            await ProduceAsync(record).ConfigureAwait(false);
        }
    }

    private void Complete(WorkItem item, bool published)
    {
        if (published)
        {
            _metrics.VerdictLatency.Record(Stopwatch.GetElapsedTime(item.ConsumedAt).TotalSeconds);
        }

        item.Offsets.Complete(item.Offset);
    }

    private void OnConsumeError(Error error)
    {
        if (error.IsFatal || error.Code is ErrorCode.TopicAuthorizationFailed or ErrorCode.GroupAuthorizationFailed)
        {
            Fail($"consumer: {error.Reason} ({error.Code})");
            return;
        }

        // E.g. the listings topic does not exist yet: keep polling, but do not flood the log.
        long now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastConsumeErrorLog) > 10_000)
        {
            Interlocked.Exchange(ref _lastConsumeErrorLog, now);
            _log.LogWarning("consumer: {Error}", error.Reason);
        }
    }

    private void OnClientError(string client, Error error)
    {
        if (error.IsFatal)
        {
            Fail($"{client}: fatal error: {error.Reason} ({error.Code})");
        }
        else if (!_stopping)
        {
            // Transient (broker down, connection refused): librdkafka reconnects by itself.
            _log.LogDebug("{Client}: {Error}", client, error.Reason);
        }
    }

    private void LogClient(LogMessage message)
    {
        if (message.Level <= SyslogLevel.Error)
        {
            _log.LogDebug("librdkafka {Facility}: {Message}", message.Facility, message.Message);
        }
    }

    private void Fail(string reason)
    {
        // The first fatal error is the one reported; the consume loop sees it and stops without committing past it.
        Interlocked.CompareExchange(ref _fatal, reason, null);
    }

    private static string ActionName(VerdictAction action) => action switch
    {
        VerdictAction.Takedown => "takedown",
        VerdictAction.Review => "review",
        _ => "allow",
    };

    private readonly record struct PartitionLag(string Topic, int Partition, long Lag);
}
