using System.Text;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync.Feeds;

namespace EdgeBlocker.Sync.Tests;

public class FeedReaderTests
{
    private static readonly FeedEntryParser Parser = new(new PhoneNumberNormalizer("US"));

    private static (List<ListEntry> Entries, FeedReport Report) Read(string body, FeedFormat format = FeedFormat.Plain, FeedRole role = FeedRole.Block, long maxEntries = 1000)
    {
        var report = new FeedReport(maxEntries);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        var entries = new FeedReader(Parser, new FeedDefaults(role, "607")).Read(stream, format, report).ToList();
        return (entries, report);
    }

    [Fact]
    public void Plain_feeds_take_numbers_in_any_format_and_skip_comments()
    {
        var (entries, report) = Read("# robocallers\n+12025550143\n\n(310) 555-0178   # reported twice\n1-415-555-0101\n");
        Assert.Null(report.Error);
        Assert.Equal(["+12025550143", "+13105550178", "+14155550101"], entries.Select(e => e.Value));
        Assert.All(entries, e => Assert.Equal((ListEntryKinds.Exact, "607", ListActions.Block), (e.Kind, e.Response, e.Action)));
        Assert.Equal(13105550178L, entries[1].Number);
        Assert.Equal(5, report.Lines);
    }

    [Fact]
    public void Bad_lines_are_skipped_and_reported_with_their_numbers()
    {
        var (entries, report) = Read("+12025550143\nnot a number\n+13105550178\nN/A\n");
        Assert.Equal(2, entries.Count);
        Assert.Equal(2, report.SkippedCount);
        Assert.Equal([2L, 4L], report.Skipped.Select(s => s.Line));
        Assert.Contains("not a number", report.Skipped[0].Error, StringComparison.Ordinal);
        Assert.Equal(0.5, report.BadShare);
    }

    [Fact]
    public void Csv_feeds_have_a_header_row_quoted_cells_and_optional_columns()
    {
        var (entries, report) = Read("number,kind,reason,action,expires_at\n+12025550143,exact,\"scam, reported\",block,2030-01-01T00:00:00Z\n1202555,prefix,,tag,\n+13105550178,,,allow,\n", FeedFormat.Csv);
        Assert.Null(report.Error);
        Assert.Equal(3, entries.Count);
        Assert.Equal("scam, reported", entries[0].Reason);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), entries[0].ExpiresAt);
        Assert.Equal((ListEntryKinds.Prefix, "1202555", ListActions.Tag), (entries[1].Kind, entries[1].Value, entries[1].Action));
        Assert.Equal(ListActions.Allow, entries[2].Action);
    }

    [Fact]
    public void A_csv_header_without_a_number_column_refuses_the_feed()
    {
        var (entries, report) = Read("kind,reason\nexact,x\n", FeedFormat.Csv);
        Assert.Empty(entries);
        Assert.StartsWith("line 1:", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_file_whose_first_line_is_a_csv_header_is_read_as_csv()
    {
        var (entries, report) = Read("# exported\nvalue,kind\n+12025550143,exact\n+1202,bogus\n");
        Assert.Single(entries);
        Assert.Equal(4, report.Skipped.Single().Line);
    }

    [Theory]
    [InlineData("<!DOCTYPE html>\n<html><body>Service unavailable</body></html>\n")]
    [InlineData("<html>\n<head><title>502 Bad Gateway</title></head>\n")]
    public void An_html_page_refuses_the_feed(string page)
    {
        var (entries, report) = Read(page);
        Assert.Empty(entries);
        Assert.Contains("HTML page", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void One_entry_over_the_limit_refuses_the_feed()
    {
        var (entries, report) = Read("+12025550143\n+13105550178\n+14155550101\n", maxEntries: 2);
        Assert.Equal(2, entries.Count);
        Assert.Contains("more than 2 entries", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_feed_role_decides_the_action_and_makes_numbers_do_not_originate()
    {
        var (allow, _) = Read("+12025550143\nblock-me-not,\n", role: FeedRole.Allow);
        Assert.Equal(ListActions.Allow, allow.Single().Action);
        var (dno, _) = Read("+18005550100\n+1800555\n", role: FeedRole.Dno);
        Assert.Equal([ListEntryKinds.Dno, ListEntryKinds.Prefix], dno.Select(e => e.Kind));
        Assert.All(dno, e => Assert.Equal(ListActions.Block, e.Action));
    }

    [Fact]
    public void Json_feeds_are_arrays_of_strings_numbers_or_objects()
    {
        var (entries, report) = Read("""
            [ "+12025550143", 13105550178,
              { "number": "+14155550101", "reason": "scam" },
              { "value": "+1202555", "kind": "prefix" },
              { "reason": "no number" }, true ]
            """, FeedFormat.Json);
        Assert.Null(report.Error);
        Assert.Equal(["+12025550143", "+13105550178", "+14155550101", "1202555"], entries.Select(e => e.Value));
        Assert.Equal("scam", entries[2].Reason);
        Assert.Equal([5L, 6L], report.Skipped.Select(s => s.Line));
    }

    [Fact]
    public void Json_elements_are_read_across_buffer_refills()
    {
        var numbers = Enumerable.Range(0, 20_000).Select(i => $"+1202{i:D7}").ToList();
        var body = "[" + string.Join(",\n", numbers.Select((n, i) => i % 2 == 0 ? $"\"{n}\"" : $"{{\"number\":\"{n}\",\"reason\":\"{new string('x', i % 300)}\"}}")) + "]";
        var (entries, report) = Read(body, FeedFormat.Json, maxEntries: 100_000);
        Assert.Null(report.Error);
        Assert.Equal(numbers, entries.Select(e => e.Value));
    }

    [Theory]
    [InlineData("[\"+12025550143\", \"+13105550178\"", "truncated")]
    [InlineData("{\"number\": \"+12025550143\"}", "not a JSON array")]
    [InlineData("[\"+12025550143\" \"+13105550178\"]", "not valid JSON")]
    [InlineData("", "empty")]
    public void Broken_json_refuses_the_feed(string body, string error)
    {
        var (_, report) = Read(body, FeedFormat.Json);
        Assert.Contains(error, report.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+12025550143", ListEntryKinds.Exact)]
    [InlineData("2025550143", ListEntryKinds.Exact)]
    [InlineData("+1202555", ListEntryKinds.Prefix)]
    [InlineData("+1202555*", ListEntryKinds.Prefix)]
    public void A_value_without_a_kind_is_a_number_or_a_prefix(string value, string kind) =>
        Assert.Equal(kind, Parser.KindOf(value));

    [Fact]
    public void Other_kinds_are_checked_by_the_engine_rules()
    {
        Assert.Null(Parser.ParseValue("+12025550100..+12025550199", ListEntryKinds.Range, null, ListActions.Block, "603+", null).Error);
        Assert.NotNull(Parser.ParseValue("nonsense", ListEntryKinds.Range, null, ListActions.Block, "603+", null).Error);
        Assert.Null(Parser.ParseValue("203.0.113.0/24", ListEntryKinds.SourceAddress, null, ListActions.Block, "603+", null).Error);
        Assert.NotNull(Parser.ParseValue("203.0.113.0/99", ListEntryKinds.SourceAddress, null, ListActions.Block, "603+", null).Error);
        Assert.NotNull(Parser.ParseValue("+12025550143", "bogus", null, ListActions.Block, "603+", null).Error);
    }
}
