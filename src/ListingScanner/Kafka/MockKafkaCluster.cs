using System.Runtime.InteropServices;
using System.Text;

namespace ListingScanner.Kafka;

/// <summary>
/// librdkafka's built-in mock cluster: in-process brokers that speak the real Kafka protocol on loopback TCP. It is the
/// embedded broker of <c>listing-scanner demo</c> and of the integration tests, so every client (ours, kcat) talks to
/// it over real sockets exactly as it would to a production cluster.
/// </summary>
/// <remarks>
/// The mock cluster API is not wrapped by Confluent.Kafka, so this class calls the C library directly. The library is
/// found by default DllImport probing (the OS package librdkafka1), the same file Confluent.Kafka loads.
/// Limits of the mock (librdkafka 2.0.2): it keeps about 5 MiB per partition and drops older data, it waits
/// session.timeout.ms minus 1 s before completing a rebalance, and transactions are not faithful.
/// </remarks>
internal sealed class MockKafkaCluster : IDisposable
{
    private const string Lib = "librdkafka.so.1";

    // rd_kafka_type_t RD_KAFKA_PRODUCER
    private const int ProducerType = 0;

    private IntPtr _handle;   // rd_kafka_t owning the cluster
    private IntPtr _cluster;  // rd_kafka_mock_cluster_t

    /// <summary>Starts <paramref name="brokers"/> mock brokers on ephemeral loopback ports.</summary>
    public MockKafkaCluster(int brokers = 1)
    {
        if (brokers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(brokers), "at least one broker");
        }

        IntPtr conf = rd_kafka_conf_new();
        var error = new byte[512];
        // The owning handle never connects anywhere; keep it quiet.
        if (rd_kafka_conf_set(conf, CString("log_level"), CString("3"), error, (UIntPtr)error.Length) != 0)
        {
            rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException("cannot configure the mock cluster's librdkafka handle: " + Text(error));
        }

        _handle = rd_kafka_new(ProducerType, conf, error, (UIntPtr)error.Length);
        if (_handle == IntPtr.Zero)
        {
            rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException("cannot create the mock cluster's librdkafka handle: " + Text(error));
        }

        _cluster = rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(_handle);
            _handle = IntPtr.Zero;
            throw new InvalidOperationException("librdkafka could not start the mock cluster");
        }

        BootstrapServers = Marshal.PtrToStringAnsi(rd_kafka_mock_cluster_bootstraps(_cluster))
            ?? throw new InvalidOperationException("the mock cluster reported no bootstrap servers");
        BrokerCount = brokers;
    }

    /// <summary>"127.0.0.1:port,..." for the clients' bootstrap.servers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Broker ids are 1..BrokerCount.</summary>
    public int BrokerCount { get; }

    /// <summary>Creates a topic (the mock does not serve Admin CreateTopics reliably).</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        int err = rd_kafka_mock_topic_create(Cluster, CString(topic), partitions, Math.Min(replicationFactor, BrokerCount));
        if (err != 0)
        {
            throw new InvalidOperationException($"mock cluster: cannot create topic {topic}: error {err}");
        }
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> requests of Kafka API <paramref name="apiKey"/> fail with
    /// <paramref name="error"/> (a Kafka protocol error code), whichever broker receives them.
    /// </summary>
    public void PushRequestErrors(KafkaApiKey apiKey, int error, int count)
    {
        var errors = new int[count];
        Array.Fill(errors, error);
        rd_kafka_mock_push_request_errors_array(Cluster, (short)apiKey, (UIntPtr)count, errors);
    }

    /// <summary>Disconnects a broker and refuses new connections until <see cref="SetBrokerUp"/>.</summary>
    public void SetBrokerDown(int brokerId) => Check(rd_kafka_mock_broker_set_down(Cluster, brokerId), "broker_set_down");

    public void SetBrokerUp(int brokerId) => Check(rd_kafka_mock_broker_set_up(Cluster, brokerId), "broker_set_up");

    /// <summary>Moves a partition's leadership (clients see NOT_LEADER and refresh metadata).</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(rd_kafka_mock_partition_set_leader(Cluster, CString(topic), partition, brokerId), "partition_set_leader");

    /// <summary>Adds round-trip latency to every response of a broker.</summary>
    public void SetBrokerRtt(int brokerId, int rttMs) => Check(rd_kafka_mock_broker_set_rtt(Cluster, brokerId, rttMs), "broker_set_rtt");

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero)
        {
            rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = IntPtr.Zero;
        }

        if (_handle != IntPtr.Zero)
        {
            rd_kafka_destroy(_handle);
            _handle = IntPtr.Zero;
        }
    }

    private IntPtr Cluster => _cluster != IntPtr.Zero ? _cluster : throw new ObjectDisposedException(nameof(MockKafkaCluster));

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="value"/> for the C API.</summary>
    private static byte[] CString(string value) => Encoding.UTF8.GetBytes(value + "\0");

    private static string Text(byte[] cString) => Encoding.UTF8.GetString(cString, 0, Math.Max(0, Array.IndexOf(cString, (byte)0)));

    private static void Check(int err, string what)
    {
        if (err != 0)
        {
            throw new InvalidOperationException($"mock cluster: {what} failed with error {err}");
        }
    }

    [DllImport(Lib)]
    private static extern IntPtr rd_kafka_conf_new();

    [DllImport(Lib)]
    private static extern void rd_kafka_conf_destroy(IntPtr conf);

    [DllImport(Lib)]
    private static extern int rd_kafka_conf_set(IntPtr conf, byte[] name, byte[] value, byte[] errstr, UIntPtr errstrSize);

    [DllImport(Lib)]
    private static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [DllImport(Lib)]
    private static extern void rd_kafka_destroy(IntPtr rk);

    [DllImport(Lib)]
    private static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [DllImport(Lib)]
    private static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [DllImport(Lib)]
    private static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [DllImport(Lib)]
    private static extern int rd_kafka_mock_topic_create(IntPtr cluster, byte[] topic, int partitionCount, int replicationFactor);

    [DllImport(Lib)]
    private static extern void rd_kafka_mock_push_request_errors_array(IntPtr cluster, short apiKey, UIntPtr count, int[] errors);

    [DllImport(Lib)]
    private static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [DllImport(Lib)]
    private static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    [DllImport(Lib)]
    private static extern int rd_kafka_mock_partition_set_leader(IntPtr cluster, byte[] topic, int partition, int brokerId);

    [DllImport(Lib)]
    private static extern int rd_kafka_mock_broker_set_rtt(IntPtr cluster, int brokerId, int rttMs);
}

/// <summary>Kafka protocol request types used for fault injection.</summary>
internal enum KafkaApiKey : short
{
    Produce = 0,
    Fetch = 1,
    OffsetCommit = 8,
    OffsetFetch = 9,
    JoinGroup = 11,
    Heartbeat = 12,
    SyncGroup = 14,
    InitProducerId = 22,
}
