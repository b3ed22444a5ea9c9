using Confluent.Kafka;

namespace ListingScanner.Kafka;

/// <summary>Which producer errors are worth another attempt and which must stop the worker.</summary>
internal static class ProduceErrors
{
    /// <summary>
    /// True when re-producing the record cannot help: a fatal (idempotence) error, missing authorization, or a record
    /// the cluster will never accept. Everything else (timeouts, leader moves, brokers down) is transient: librdkafka
    /// already retried it internally, and the worker retries again with backoff rather than skip the listing.
    /// </summary>
    public static bool IsPermanent(Error error) =>
        error.IsFatal || error.Code switch
        {
            ErrorCode.TopicAuthorizationFailed => true,
            ErrorCode.ClusterAuthorizationFailed => true,
            ErrorCode.TransactionalIdAuthorizationFailed => true,
            ErrorCode.SaslAuthenticationFailed => true,
            ErrorCode.Local_Authentication => true,
            ErrorCode.Local_InvalidArg => true,
            ErrorCode.TopicException => true,
            ErrorCode.InvalidRecord => true,
            ErrorCode.UnsupportedForMessageFormat => true,
            ErrorCode.Local_Fatal => true,
            _ => IsTooLarge(error),
        };

    /// <summary>The record exceeds the producer's or the broker's size limit.</summary>
    public static bool IsTooLarge(Error error) =>
        error.Code is ErrorCode.MsgSizeTooLarge or ErrorCode.RecordListTooLarge or ErrorCode.InvalidMsgSize;
}
