using System.Text;
using ListingScanner.Engine.Contract;
using ListingScanner.Engine.Tests.Scan;

namespace ListingScanner.Engine.Tests.Contract;

/// <summary>
/// The fast listing reader must read every valid listing exactly as the full deserialiser does, and step aside
/// (return null) for everything else so that the full deserialiser can name the problem.
/// </summary>
public class FastListingReaderTests
{
    public static TheoryData<string> ValidListings()
    {
        var data = new TheoryData<string>
        {
            """{"listing_id":"L1"}""",
            """{"listing_id":"L1","title":null,"description":null,"price":null,"published_at":null}""",
            """{"listing_id":"L1","price":{"amount":2800.50,"currency":"CNY"},"published_at":"2026-11-01T10:00:00+08:00"}""",
            """{"listing_id":"L1","price":{"currency":"USD"},"extra":{"nested":[1,2,{"a":null}]},"tags":["x"]}""",
            """{"listing_id":"L1","title":"\u8c61\u7259 \"quoted\" \\ slash","listing_id":"L2"}""",
            """ { "title" : "出售 象*牙" , "listing_id" : "L3" } """,
            """{"listing_id":"L1","price":{"amount":1e3,"currency":null,"note":"x"}}""",
        };
        foreach (string path in new[] { RepoPaths.SampleListings, RepoPaths.DevSet })
        {
            foreach (string line in File.ReadLines(path, Encoding.UTF8).Where(l => l.Length > 0).Take(120))
            {
                data.Add(line);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidListings))]
    public void A_valid_listing_reads_exactly_as_the_full_deserialiser_reads_it(string json)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        var expected = ContractJson.DeserializeListing(utf8);
        var actual = FastListingReader.TryRead(utf8);

        Assert.NotNull(actual);
        Assert.Equal(Describe(expected!), Describe(actual!));
    }

    [Theory]
    [InlineData("""{"title":"no id"}""")]
    [InlineData("""{"listing_id":null}""")]
    [InlineData("""{"listing_id":42}""")]
    [InlineData("""{"listing_id":"L1","title":42}""")]
    [InlineData("""{"listing_id":"L1","price":{"amount":"2800"}}""")]
    [InlineData("""{"listing_id":"L1","price":[]}""")]
    [InlineData("""{"listing_id":"L1","published_at":"yesterday"}""")]
    [InlineData("""{"listing_id":"L1",}""")]
    [InlineData("""{"listing_id":"L1"} trailing""")]
    [InlineData("""{"listing_id":"L1" /* comment */}""")]
    [InlineData("""{"listing_id":"L1", "title": """)]
    [InlineData("""["listing_id"]""")]
    [InlineData("null")]
    public void Anything_else_is_left_to_the_full_deserialiser(string json)
    {
        Assert.Null(FastListingReader.TryRead(Encoding.UTF8.GetBytes(json)));
    }

    private static string Describe(ListingEvent l) =>
        $"{l.ListingId}|{l.Title}|{l.Description}|{l.Platform}|{l.SellerId}|{l.Url}|{l.Language}|{l.PublishedAt:O}|"
        + (l.Price is null ? "no price" : $"{l.Price.Amount}|{l.Price.Currency}");
}
