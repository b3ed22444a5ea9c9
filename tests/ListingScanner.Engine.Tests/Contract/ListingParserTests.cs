using System.Text;
using ListingScanner.Engine.Contract;

namespace ListingScanner.Engine.Tests.Contract;

public class ListingParserTests
{
    private static (bool Ok, ListingEvent? Listing, ListingError Error) Parse(string json) =>
        Parse(Encoding.UTF8.GetBytes(json));

    private static (bool Ok, ListingEvent? Listing, ListingError Error) Parse(byte[] bytes)
    {
        bool ok = ListingParser.TryParse(bytes, out var listing, out var error);
        return (ok, listing, error);
    }

    [Fact]
    public void A_full_listing_is_read_with_every_field()
    {
        var (ok, listing, _) = Parse("""
            {"listing_id":"L1","title":"出售 象牙手镯","description":"微信 xxx","platform":"shop","seller_id":"s9",
             "price":{"amount":2800,"currency":"CNY"},"url":"https://example.com/1","language":"zh-Hans",
             "published_at":"2026-11-01T10:00:00Z","extra_field_from_a_newer_producer":1}
            """);

        Assert.True(ok);
        Assert.Equal("L1", listing!.ListingId);
        Assert.Equal("出售 象牙手镯", listing.Title);
        Assert.Equal(2800m, listing.Price!.Amount);
        Assert.Equal("CNY", listing.Price.Currency);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), listing.PublishedAt);
    }

    [Fact]
    public void Missing_listing_id_is_a_schema_violation()
    {
        var (ok, _, error) = Parse("""{"title":"ivory"}""");
        Assert.False(ok);
        Assert.Equal(ListingErrorKind.SchemaViolation, error.Kind);
        Assert.Equal("listing_id is missing", error.Message);
    }

    [Fact]
    public void Empty_listing_id_is_a_schema_violation()
    {
        var (ok, _, error) = Parse("""{"listing_id":"  "}""");
        Assert.False(ok);
        Assert.Equal(ListingErrorKind.SchemaViolation, error.Kind);
    }

    [Fact]
    public void A_wrong_type_names_the_field()
    {
        var (ok, _, error) = Parse("""{"listing_id":"L1","title":42}""");
        Assert.False(ok);
        Assert.Equal(ListingErrorKind.SchemaViolation, error.Kind);
        Assert.Contains("$.title", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_is_invalid_json_with_a_position()
    {
        var (ok, _, error) = Parse("""{"listing_id":"L1", "title": """);
        Assert.False(ok);
        Assert.Equal(ListingErrorKind.InvalidJson, error.Kind);
        Assert.Contains("byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_names_the_byte_offset()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("""{"listing_id":"L1","title":" """), 0xC3, 0x28, .. "\"}"u8];
        var (ok, _, error) = Parse(bytes);
        Assert.False(ok);
        Assert.Equal(ListingErrorKind.InvalidUtf8, error.Kind);
        Assert.Equal("invalid UTF-8 at byte offset 29", error.Message);
    }

    [Fact]
    public void An_oversize_listing_is_rejected_before_parsing()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"listing_id":"L1","title":"" }""");
        bool ok = ListingParser.TryParse(bytes, out _, out var error, maxBytes: 10);
        Assert.False(ok);
        Assert.Equal(ListingErrorKind.Oversize, error.Kind);
        Assert.Equal("oversize", error.Reason);
    }
}
