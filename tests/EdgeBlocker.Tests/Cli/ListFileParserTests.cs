using EdgeBlocker.Cli;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Tests.Cli;

public class ListFileParserTests
{
    private static readonly ListFileParser Parser = new(new PhoneNumberNormalizer("US"), "607");

    [Fact]
    public void Plain_files_take_numbers_in_any_format_and_skip_comments()
    {
        var (entries, error) = Parser.Parse(new StringReader("# robocallers\n+12025550143\n\n(310) 555-0178\n1-415-555-0101\n"));
        Assert.Null(error);
        Assert.Equal(["+12025550143", "+13105550178", "+14155550101"], entries.Select(e => e.Value));
        Assert.All(entries, e => Assert.Equal(ListEntryKinds.Exact, e.Kind));
        Assert.All(entries, e => Assert.Equal("607", e.Response));
        Assert.Equal(13105550178L, entries[1].Number);
    }

    [Fact]
    public void Csv_files_have_a_header_row_and_quoted_cells()
    {
        var (entries, error) = Parser.Parse(new StringReader("number,kind,reason,action\n+12025550143,exact,\"scam, reported\",block\n1202555,prefix,,tag\n+13105550178,,,allow\n"));
        Assert.Null(error);
        Assert.Equal(3, entries.Count);
        Assert.Equal("scam, reported", entries[0].Reason);
        Assert.Equal((ListEntryKinds.Prefix, "1202555", ListActions.Tag), (entries[1].Kind, entries[1].Value, entries[1].Action));
        Assert.Equal(ListActions.Allow, entries[2].Action);
    }

    [Theory]
    [InlineData("+12025550143\nnot a number\n", "line 2")]
    [InlineData("# header\nvalue,kind\n+12025550143,exact\n+1202,bogus\n", "line 4")]
    [InlineData("number,action\n+12025550143,drop\n", "line 2")]
    [InlineData("kind,reason\nexact,x\n", "line 1")]
    public void A_bad_line_is_reported_by_number_and_nothing_is_returned(string file, string where)
    {
        var (entries, error) = Parser.Parse(new StringReader(file));
        Assert.Empty(entries);
        Assert.StartsWith(where + ":", error, StringComparison.Ordinal);
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
    }
}
