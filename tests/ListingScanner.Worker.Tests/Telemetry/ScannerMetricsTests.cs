using System.Diagnostics.Metrics;
using ListingScanner.Telemetry;

namespace ListingScanner.Worker.Tests.Telemetry;

public class ScannerMetricsTests
{
    [Fact]
    public void Counters_are_published_under_the_listing_scanner_meter()
    {
        using var metrics = new ScannerMetrics();
        long seen = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This instance only: tests in other classes run in parallel with their own ScannerMetrics.
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "listing_scanner_listings_consumed")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => seen += value);
        listener.Start();

        metrics.ListingsConsumed.Add(3);

        Assert.Equal(3, seen);
        Assert.Equal(ScannerMetrics.MeterName, metrics.Meter.Name);
    }
}
