using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using ListingScanner.Telemetry;
using ListingScanner.Worker.Tests.Kafka;
using Xunit.Abstractions;

namespace ListingScanner.Worker.Tests.Worker;

/// <summary>Bad input goes to the dead-letter topic with its original bytes and the reason; it never stops the worker.</summary>
[Collection(KafkaCollection.Name)]
public class DeadLetterIntegrationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Poison_messages_land_in_the_dead_letter_topic_with_reasons_and_headers()
    {
        using var kafka = new KafkaFixture(brokers: 1, listingPartitions: 2);
        var poison = new (string Key, byte[]? Value, string? Reason)[]
        {
            ("bad-json", "{\"listing_id\": \"x1\", \"title\": "u8.ToArray(), "invalid_json"),
            ("not-json", "hello world"u8.ToArray(), "invalid_json"),
            ("no-id", "{\"title\": \"象牙 出售\"}"u8.ToArray(), "schema_violation"),
            ("wrong-type", "{\"listing_id\": 42}"u8.ToArray(), "schema_violation"),
            ("bad-utf8", [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D], "invalid_utf8"),
            ("huge", Encoding.UTF8.GetBytes("{\"listing_id\":\"big\",\"description\":\"" + new string('a', 5000) + "\"}"), "oversize"),
            ("deleted", null, null), // a tombstone: no verdict, no dead letter
        };

        var messages = new List<Message<byte[]?, byte[]?>>();
        for (int round = 0; round < 20; round++)
        {
            foreach (var (key, value, _) in poison)
            {
                messages.Add(new Message<byte[]?, byte[]?>
                {
                    Key = Encoding.UTF8.GetBytes($"{key}-{round}"),
                    Value = value,
                    Headers = new Headers { { "trace-id", Encoding.UTF8.GetBytes($"trace-{key}-{round}") } },
                });
            }

            var (id, json, _) = KafkaFixture.Listing(round);
            messages.Add(new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(id), Value = json });
        }

        long tombstones = 0;
        using var listener = CountTombstones(() => Interlocked.Increment(ref tombstones));
        kafka.Produce(KafkaFixture.Listings, messages);

        var options = kafka.Options() with { MaxMessageBytes = 4096, AuditTopic = KafkaFixture.Audit };
        await using var worker = new RunningWorker(options, logs: TestOutputLogger.Factory(output));

        int expectedDead = 20 * poison.Count(p => p.Reason is not null);
        var dead = kafka.ReadDistinctKeys(KafkaFixture.DeadLetter, expectedDead);
        Assert.True(kafka.WaitForFullCommit(options.GroupId), PipelineIntegrationTests.Describe(kafka.CommittedVsEnd(options.GroupId)));
        var audit = kafka.ReadTopic(KafkaFixture.Audit, got => got.Count >= 20);
        Assert.Equal(0, await worker.StopAsync());

        // Every poison record once (no duplicates expected without faults), with its original key, value and headers.
        Assert.Equal(expectedDead, dead.Select(d => Encoding.UTF8.GetString(d.Message.Key!)).Distinct().Count());
        foreach (var record in dead)
        {
            string key = Encoding.UTF8.GetString(record.Message.Key!);
            string kind = key[..key.LastIndexOf('-')];
            var original = poison.Single(p => p.Key == kind);
            var source = messages.Single(m => Encoding.UTF8.GetString(m.Key!) == key);
            var headers = record.Message.Headers;

            Assert.Equal(original.Value, record.Message.Value);
            Assert.Equal(original.Reason, PipelineIntegrationTests.Header(headers, "dlq-reason"));
            Assert.Equal(KafkaFixture.Listings, PipelineIntegrationTests.Header(headers, "dlq-source-topic"));
            Assert.InRange(int.Parse(PipelineIntegrationTests.Header(headers, "dlq-source-partition")!), 0, 1);
            Assert.True(long.Parse(PipelineIntegrationTests.Header(headers, "dlq-source-offset")!) >= 0);
            Assert.False(string.IsNullOrWhiteSpace(PipelineIntegrationTests.Header(headers, "dlq-message")));
            Assert.Equal("trace-" + key, PipelineIntegrationTests.Header(headers, "trace-id"));
            Assert.Equal(source.Headers.Count + 5, headers.Count);
        }

        // The good listings among the poison all got verdicts; the tombstones were counted, not dead-lettered.
        Assert.Equal(20, PipelineIntegrationTests.Verdicts(audit).Count);
        Assert.Equal(20, Interlocked.Read(ref tombstones));
    }

    private static MeterListener CountTombstones(Action onTombstone)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ScannerMetrics.MeterName && instrument.Name == "listing_scanner_tombstones")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            for (long i = 0; i < value; i++)
            {
                onTombstone();
            }
        });
        listener.Start();
        return listener;
    }
}
