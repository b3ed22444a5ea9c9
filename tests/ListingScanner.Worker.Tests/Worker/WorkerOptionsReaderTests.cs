using Microsoft.Extensions.Configuration;

namespace ListingScanner.Worker.Tests.Worker;

public class WorkerOptionsReaderTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Defaults_apply_when_only_the_brokers_are_given()
    {
        var options = WorkerOptionsReader.Read(Config(("Kafka:BootstrapServers", "b1:9092")));

        Assert.Equal("b1:9092", options.BootstrapServers);
        Assert.Equal("listing-scanner", options.GroupId);
        Assert.Equal("listings", options.ListingsTopic);
        Assert.Equal("takedowns", options.TakedownsTopic);
        Assert.Equal("listings.dlq", options.DeadLetterTopic);
        Assert.Null(options.AuditTopic);
        Assert.Equal(9464, options.HttpPort);
        Assert.Equal(Environment.ProcessorCount, options.ScanParallelism);
        Assert.Equal(30, options.DrainTimeoutSeconds);
        Assert.Equal(DefaultPaths.Dictionary, options.DictionaryPath);
    }

    [Fact]
    public void Librdkafka_properties_pass_through_with_their_dotted_names()
    {
        var options = WorkerOptionsReader.Read(Config(
            ("Kafka:BootstrapServers", "b1:9092"),
            ("Kafka:Properties:security.protocol", "SASL_SSL"),
            ("Kafka:Properties:sasl.mechanism", "SCRAM-SHA-512")));

        Assert.Equal("SASL_SSL", options.KafkaProperties["security.protocol"]);
        Assert.Equal("SCRAM-SHA-512", options.KafkaProperties["sasl.mechanism"]);
        var consumer = ListingScanner.Kafka.KafkaClients.ConsumerConfig(options);
        Assert.Equal("SASL_SSL", consumer.Get("security.protocol"));
    }

    [Fact]
    public void Correctness_settings_cannot_be_overridden_by_pass_through()
    {
        var options = WorkerOptionsReader.Read(Config(
            ("Kafka:BootstrapServers", "b1:9092"),
            ("Kafka:Properties:enable.auto.commit", "true"),
            ("Kafka:Properties:enable.idempotence", "false"),
            ("Kafka:Properties:acks", "1")));

        Assert.False(ListingScanner.Kafka.KafkaClients.ConsumerConfig(options).EnableAutoCommit);
        var producer = ListingScanner.Kafka.KafkaClients.ProducerConfig(options);
        Assert.True(producer.EnableIdempotence);
        Assert.Equal(Confluent.Kafka.Acks.All, producer.Acks);
    }

    [Theory]
    [InlineData("Http:Port", "abc", "Http__Port: must be 1-65535, got 'abc'")]
    [InlineData("Http:Port", "70000", "Http__Port: must be 1-65535, got '70000'")]
    [InlineData("Worker:ScanParallelism", "0", "Worker__ScanParallelism: must be 1-256, got '0'")]
    [InlineData("Worker:DrainTimeoutSeconds", "-1", "Worker__DrainTimeoutSeconds: must be 0-3600, got '-1'")]
    [InlineData("Topics:Takedowns", "listings", "Topics__Takedowns: must differ from Topics__Listings ('listings')")]
    public void Invalid_values_name_the_key(string key, string value, string message)
    {
        var ex = Assert.Throws<ConfigurationException>(() => WorkerOptionsReader.Read(Config(("Kafka:BootstrapServers", "b1:9092"), (key, value))));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Brokers_are_required_for_run_but_not_for_demo()
    {
        var ex = Assert.Throws<ConfigurationException>(() => WorkerOptionsReader.Read(Config()));
        Assert.StartsWith("Kafka__BootstrapServers: required", ex.Message, StringComparison.Ordinal);
        Assert.Equal("", WorkerOptionsReader.Read(Config(), requireBootstrap: false).BootstrapServers);
    }
}
