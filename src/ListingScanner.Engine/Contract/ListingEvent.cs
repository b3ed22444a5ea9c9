namespace ListingScanner.Engine.Contract;

/// <summary>
/// One marketplace or social-media listing, as ingestion systems publish it (schema: contract/listing-event.schema.json).
/// Only <see cref="ListingId"/> is required; every text field may be absent.
/// </summary>
public sealed class ListingEvent
{
    public required string ListingId { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Platform { get; init; }
    public string? SellerId { get; init; }
    public ListingPrice? Price { get; init; }
    public string? Url { get; init; }
    public string? Language { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
}

/// <summary>The asking price as the seller stated it.</summary>
public sealed class ListingPrice
{
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
}
