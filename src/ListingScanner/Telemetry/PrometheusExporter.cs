using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ListingScanner.Telemetry;

/// <summary>
/// Collects every instrument of one <see cref="Meter"/> with a <see cref="MeterListener"/> and renders the values in the
/// Prometheus text exposition format 0.0.4 (no Prometheus client library is available to this project).
/// </summary>
/// <remarks>
/// <para>Recording path: a measurement finds its series (one dictionary lookup keyed by the label values, allocation-free
/// for the 0- and 1-label instruments the worker uses) and updates it with Interlocked; no locks.</para>
/// <para>Scrape path: observable instruments are observed under a lock (scrapes are rare and must not interleave), then
/// every family is rendered sorted by name and every series sorted by its labels, so two scrapes of the same state are
/// byte-identical.</para>
/// <para>Mapping: Counter and ObservableCounter become counters (suffix <c>_total</c>); Histogram becomes a histogram
/// with cumulative <c>_bucket{le}</c>, <c>_sum</c>, <c>_count</c>; UpDownCounter, Gauge, ObservableGauge and
/// ObservableUpDownCounter become gauges. Observable series exist only for the scrape that observed them, so a revoked
/// partition's lag disappears instead of freezing at its last value.</para>
/// </remarks>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>The content type of the format this class writes.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Bucket upper bounds, in seconds, for histograms that give no advice of their own. Dense around the 50 ms verdict
    /// latency target (0.025, 0.05, 0.075) so histogram_quantile is accurate where the alert threshold sits.
    /// </summary>
    internal static readonly double[] DefaultSecondsBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly ILogger _logger;
    private readonly MeterListener _listener;
    private readonly ProcessMetrics _process = new();

    /// <summary>Families by Prometheus name. Two instruments with the same name share one family (merged, not duplicated).</summary>
    private readonly ConcurrentDictionary<string, Family> _families = new(StringComparer.Ordinal);

    /// <summary>Serialises scrapes: observable families are cleared and refilled by each one.</summary>
    private readonly Lock _scrapeLock = new();

    private int _disposed;

    public PrometheusExporter(Meter meter, ILogger? logger = null)
    {
        _meter = meter;
        _logger = logger ?? NullLogger.Instance;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
        };
        _listener.SetMeasurementEventCallback<long>(static (i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>(static (i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<short>(static (i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<byte>(static (i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>(static (i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>(static (i, v, tags, state) => ((Family)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (i, v, tags, state) => ((Family)state!).Record((double)v, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments and renders everything in text format 0.0.4.</summary>
    public string Scrape()
    {
        var text = new StringBuilder(4096);
        lock (_scrapeLock)
        {
            foreach (var family in _families.Values)
            {
                family.BeginObservation();
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException ex)
            {
                // One failing gauge callback must not cost the whole scrape: the others were observed and are rendered.
                _logger.LogWarning(ex, "An observable instrument failed during a metrics scrape; its series are missing from this scrape");
            }

            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                family.Render(text);
            }
        }

        _process.Render(text);
        return text.ToString();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _listener.Dispose();
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!ReferenceEquals(instrument.Meter, _meter))
        {
            return;
        }

        var kind = KindOf(instrument);
        if (kind is null)
        {
            _logger.LogWarning("Instrument {Name} ({Type}) has no Prometheus mapping and is not exported", instrument.Name, instrument.GetType().Name);
            return;
        }

        string name = PrometheusText.SanitizeMetricName(instrument.Name);
        if (kind.Value.Type == FamilyType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        var family = _families.GetOrAdd(name, static (n, a) => new Family(n, a.kind, a.instrument), (kind: kind.Value, instrument));
        if (family.Kind != kind.Value)
        {
            _logger.LogWarning("Instrument {Name} is a {Kind} but the metric {Metric} is already a {Existing}; not exported",
                instrument.Name, kind.Value, name, family.Kind);
            return;
        }

        listener.EnableMeasurementEvents(instrument, family);
    }

    private static FamilyKind? KindOf(Instrument instrument)
    {
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        if (definition == typeof(Counter<>))
        {
            return new FamilyKind(FamilyType.Counter, Observable: false, Accumulate: true);
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return new FamilyKind(FamilyType.Counter, Observable: true, Accumulate: false);
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return new FamilyKind(FamilyType.Gauge, Observable: false, Accumulate: true);
        }

        if (definition == typeof(Gauge<>))
        {
            return new FamilyKind(FamilyType.Gauge, Observable: false, Accumulate: false);
        }

        if (definition == typeof(ObservableGauge<>) || definition == typeof(ObservableUpDownCounter<>))
        {
            return new FamilyKind(FamilyType.Gauge, Observable: true, Accumulate: false);
        }

        if (definition == typeof(Histogram<>))
        {
            return new FamilyKind(FamilyType.Histogram, Observable: false, Accumulate: true);
        }

        return null;
    }

    internal enum FamilyType
    {
        Counter,
        Gauge,
        Histogram,
    }

    /// <param name="Type">The Prometheus metric type.</param>
    /// <param name="Observable">Values come from callbacks at scrape time; series live for one scrape.</param>
    /// <param name="Accumulate">Measurements add up (Counter, UpDownCounter) rather than replace (Gauge, observables).</param>
    internal readonly record struct FamilyKind(FamilyType Type, bool Observable, bool Accumulate);

    /// <summary>One metric family: its metadata and its series, keyed by label values.</summary>
    private sealed class Family
    {
        private readonly string _help;
        private readonly double[] _bounds;
        private readonly ConcurrentDictionary<LabelKey, Series> _series = new();

        public Family(string name, FamilyKind kind, Instrument instrument)
        {
            Name = name;
            Kind = kind;
            _help = instrument.Description ?? "";
            _bounds = kind.Type == FamilyType.Histogram ? BucketsFor(instrument) : [];
        }

        public string Name { get; }

        public FamilyKind Kind { get; }

        public void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var series = Find(tags);
            if (Kind.Type == FamilyType.Histogram)
            {
                series.Observe(value, _bounds);
            }
            else if (Kind.Accumulate)
            {
                series.AddLong(value);
            }
            else
            {
                series.Set(value);
            }
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (double.IsNaN(value))
            {
                return; // a NaN would poison a sum forever; there is no meaningful way to count it
            }

            var series = Find(tags);
            if (Kind.Type == FamilyType.Histogram)
            {
                series.Observe(value, _bounds);
            }
            else if (Kind.Accumulate)
            {
                series.AddDouble(value);
            }
            else
            {
                series.Set(value);
            }
        }

        /// <summary>Observable series describe "now": forget the previous scrape's before observing again.</summary>
        public void BeginObservation()
        {
            if (Kind.Observable)
            {
                _series.Clear();
            }
        }

        public void Render(StringBuilder text)
        {
            if (_series.IsEmpty)
            {
                return;
            }

            var ordered = _series.Values.ToArray();
            Array.Sort(ordered, static (a, b) => string.CompareOrdinal(a.SortKey, b.SortKey));

            if (_help.Length > 0)
            {
                text.Append("# HELP ").Append(Name).Append(' ');
                PrometheusText.AppendEscapedHelp(text, _help);
                text.Append('\n');
            }

            text.Append("# TYPE ").Append(Name).Append(' ').Append(Kind.Type switch
            {
                FamilyType.Counter => "counter",
                FamilyType.Histogram => "histogram",
                _ => "gauge",
            }).Append('\n');

            foreach (var series in ordered)
            {
                if (Kind.Type == FamilyType.Histogram)
                {
                    series.RenderHistogram(text, Name, _bounds);
                }
                else
                {
                    text.Append(Name);
                    series.AppendLabels(text, null, null);
                    text.Append(' ');
                    series.AppendValue(text);
                    text.Append('\n');
                }
            }
        }

        private Series Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var key = LabelKey.From(tags);
            if (_series.TryGetValue(key, out var found))
            {
                return found;
            }

            // First measurement of this label set: build its rendered form once. Tags are copied out of the span
            // because the factory cannot capture it.
            var copy = tags.ToArray();
            return _series.GetOrAdd(key, static (_, a) => new Series(a.copy, a.buckets), (copy, buckets: _bounds.Length + 1));
        }

        private static double[] BucketsFor(Instrument instrument)
        {
            // Honour bucket advice given at instrument creation (InstrumentAdvice), otherwise the seconds buckets.
            IReadOnlyList<double>? advised = instrument switch
            {
                Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
                Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
                Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
                Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
                _ => null,
            };
            return advised is { Count: > 0 } ? [.. advised.Where(double.IsFinite).Distinct().Order()] : DefaultSecondsBuckets;
        }
    }

    /// <summary>
    /// Identifies a label set without allocating for the common shapes: no labels, or one label with a string value.
    /// Values are compared in their rendered form, so 3 and "3" are one series, not two with the same labels.
    /// Two or more labels fall back to one canonical string.
    /// </summary>
    private readonly record struct LabelKey(string? Name, string? Value, string? Canonical)
    {
        public static LabelKey From(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            switch (tags.Length)
            {
                case 0:
                    return default;
                case 1:
                    return new LabelKey(tags[0].Key, tags[0].Value as string ?? PrometheusText.FormatLabelValue(tags[0].Value), null);
                default:
                    var pairs = tags.ToArray();
                    Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                    var text = new StringBuilder();
                    foreach (var pair in pairs)
                    {
                        text.Append(pair.Key).Append('\0').Append(PrometheusText.FormatLabelValue(pair.Value)).Append('\0');
                    }

                    return new LabelKey(null, null, text.ToString());
            }
        }
    }

    /// <summary>
    /// One series' value(s). Counters and gauges hold a long part and a double part (integral instruments never pay for
    /// a compare-and-swap loop); histograms hold per-bucket counts and a sum.
    /// </summary>
    private sealed class Series
    {
        private readonly string[] _labelNames;
        private readonly string[] _labelValues;
        private readonly long[] _bucketCounts;
        private long _long;
        private double _double;

        public Series(KeyValuePair<string, object?>[] tags, int bucketCount)
        {
            Array.Sort(tags, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            _labelNames = tags.Select(t => PrometheusText.SanitizeLabelName(t.Key)).ToArray();
            _labelValues = tags.Select(t => PrometheusText.FormatLabelValue(t.Value)).ToArray();
            SortKey = string.Join('\0', _labelValues);
            _bucketCounts = new long[bucketCount];
        }

        /// <summary>Series render in ordinal order of their label values (names are the same within a family).</summary>
        public string SortKey { get; }

        public void AddLong(long value) => Interlocked.Add(ref _long, value);

        public void AddDouble(double value) => AtomicAdd(ref _double, value);

        public void Set(long value)
        {
            Volatile.Write(ref _long, value);
            Volatile.Write(ref _double, 0);
        }

        public void Set(double value)
        {
            Volatile.Write(ref _long, 0);
            Volatile.Write(ref _double, value);
        }

        public void Observe(double value, double[] bounds)
        {
            int bucket = Array.BinarySearch(bounds, value);
            if (bucket < 0)
            {
                bucket = ~bucket; // first bound above the value, or bounds.Length for +Inf
            }

            Interlocked.Increment(ref _bucketCounts[bucket]);
            AtomicAdd(ref _double, value);
        }

        public void AppendValue(StringBuilder text)
        {
            long l = Volatile.Read(ref _long);
            double d = Volatile.Read(ref _double);
            if (d == 0)
            {
                text.Append(l);
            }
            else
            {
                PrometheusText.AppendDouble(text, l + d);
            }
        }

        public void RenderHistogram(StringBuilder text, string name, double[] bounds)
        {
            // _count is the +Inf bucket, read from the same bucket snapshot, so count and buckets always agree even
            // while observations race with the scrape.
            long cumulative = 0;
            for (int i = 0; i <= bounds.Length; i++)
            {
                cumulative += Volatile.Read(ref _bucketCounts[i]);
                text.Append(name).Append("_bucket");
                AppendLabels(text, "le", i < bounds.Length ? PrometheusText.FormatDouble(bounds[i]) : "+Inf");
                text.Append(' ').Append(cumulative).Append('\n');
            }

            text.Append(name).Append("_sum");
            AppendLabels(text, null, null);
            text.Append(' ');
            PrometheusText.AppendDouble(text, Volatile.Read(ref _double));
            text.Append('\n');

            text.Append(name).Append("_count");
            AppendLabels(text, null, null);
            text.Append(' ').Append(cumulative).Append('\n');
        }

        public void AppendLabels(StringBuilder text, string? extraName, string? extraValue)
        {
            if (_labelNames.Length == 0 && extraName is null)
            {
                return;
            }

            text.Append('{');
            for (int i = 0; i < _labelNames.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(_labelNames[i]).Append("=\"");
                PrometheusText.AppendEscapedLabelValue(text, _labelValues[i]);
                text.Append('"');
            }

            if (extraName is not null)
            {
                if (_labelNames.Length > 0)
                {
                    text.Append(',');
                }

                text.Append(extraName).Append("=\"").Append(extraValue).Append('"');
            }

            text.Append('}');
        }

        private static void AtomicAdd(ref double target, double value)
        {
            double seen = Volatile.Read(ref target);
            while (true)
            {
                double was = Interlocked.CompareExchange(ref target, seen + value, seen);

                // Compare bits, as the exchange does: 0.0 and -0.0 are Equal but not the same bits.
                if (BitConverter.DoubleToInt64Bits(was) == BitConverter.DoubleToInt64Bits(seen))
                {
                    return;
                }

                seen = was;
            }
        }
    }
}
