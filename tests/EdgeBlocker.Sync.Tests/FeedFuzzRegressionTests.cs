using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync.Feeds;

namespace EdgeBlocker.Sync.Tests;

/// <summary>Inputs the feed fuzz target (tests/EdgeBlocker.Fuzz) found, kept as regression tests.</summary>
public class FeedFuzzRegressionTests
{
    private static (List<ListEntry> Entries, FeedReport Report) Read(Stream body, FeedFormat format = FeedFormat.Plain)
    {
        var report = new FeedReport(1000);
        var reader = new FeedReader(new FeedEntryParser(new PhoneNumberNormalizer("US")), new FeedDefaults(FeedRole.Block, "607"));
        return (reader.Read(body, format, report).ToList(), report);
    }

    [Fact]
    public void Bytes_like_a_utf16_bom_in_the_middle_of_a_feed_do_not_switch_its_encoding_when_it_arrives_slowly()
    {
        // Reads of 2 bytes kept the reader looking for a BOM, and FF FE at the start of a later read made the rest UTF-16.
        byte[] body = [.. "+12025550143\r\n"u8, 0xFF, 0xFE, .. "\r\n+13105550178\r\n"u8];

        var (entries, report) = Read(new TrickleStream(body, 2));

        Assert.Equal(["+12025550143", "+13105550178"], entries.Select(e => e.Value));
        Assert.Equal(3, report.Lines);
        Assert.Equal(2, report.Skipped.Single().Line);
    }

    [Theory]
    [InlineData("317fff322825353535303134330dfffe7fff323032e9e9e93535303134330d0a50458a74", 2)]
    public void A_feed_reads_the_same_whether_it_arrives_at_once_or_a_few_bytes_at_a_time(string hex, int chunk)
    {
        var body = Convert.FromHexString(hex);
        foreach (var format in new[] { FeedFormat.Plain, FeedFormat.Csv, FeedFormat.Json })
        {
            var whole = Read(new MemoryStream(body), format);
            var trickled = Read(new TrickleStream(body, chunk), format);

            Assert.Equal(whole.Entries, trickled.Entries);
            Assert.Equal((whole.Report.Lines, whole.Report.SkippedCount, whole.Report.Error), (trickled.Report.Lines, trickled.Report.SkippedCount, trickled.Report.Error));
        }
    }

    [Fact]
    public void A_utf8_bom_is_still_skipped_when_it_arrives_one_byte_at_a_time()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. "+12025550143\n"u8];

        var (entries, report) = Read(new TrickleStream(body, 1));

        Assert.Equal("+12025550143", Assert.Single(entries).Value);
        Assert.Equal(0, report.SkippedCount);
    }

    [Fact]
    public void Json_strings_that_are_not_utf8_or_hold_half_a_surrogate_pair_are_bad_elements_not_exceptions()
    {
        // Utf8JsonReader checks syntax, not the text inside strings: decoding these threw InvalidOperationException.
        byte[] body =
        [
            .. "[\"+12025550143\", \"+1310555"u8, 0xFF, .. "0178\", {\"number\": \"+14155550101\", \"reason\": \"M"u8, 0xFC,
            .. "ller\"}, {\"number\": \"+12125550100\", \"reason\": \"\\udc00\"}, {\"n"u8, 0xE6, .. "\": 1}, \"+13125550100\"]"u8,
        ];

        var (entries, report) = Read(new MemoryStream(body), FeedFormat.Json);

        Assert.Null(report.Error);
        Assert.Equal(["+12025550143", "+13125550100"], entries.Select(e => e.Value));
        Assert.Equal([2L, 3L, 4L, 5L], report.Skipped.Select(s => s.Line));
        Assert.All(report.Skipped.Take(3), s => Assert.Contains("not valid text", s.Error, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("5b227f2096226e756d626572223f2091000100002235 5b37226b692e640a2320 7287 38350a354f3552363039352020 22222b313230322c203535")]
    public void A_json_feed_found_by_fuzzing_is_read_without_throwing(string hex)
    {
        var body = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        var (_, report) = Read(new MemoryStream(body), FeedFormat.Json);

        Assert.NotNull(report.Error);
    }
}
