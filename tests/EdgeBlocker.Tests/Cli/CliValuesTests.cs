using EdgeBlocker.Cli;
using EdgeBlocker.Sync.Feeds;

namespace EdgeBlocker.Tests.Cli;

public class CliValuesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("90s", 90)]
    [InlineData("00:10:00", 600)]
    public void Durations(string text, int seconds)
    {
        Assert.True(CliValues.TryDuration(text, out var span));
        Assert.Equal(TimeSpan.FromSeconds(seconds), span);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ten minutes")]
    [InlineData("5y")]
    [InlineData("-1h")]
    public void Not_durations(string text) => Assert.False(CliValues.TryDuration(text, out _));

    [Fact]
    public void Instants_are_UTC_ISO_8601_or_a_duration_ago()
    {
        Assert.True(CliValues.TryInstant("2026-11-28T14:03:00Z", Now, out var at));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 14, 3, 0, TimeSpan.Zero), at);
        Assert.True(CliValues.TryInstant("2026-11-28 09:03", Now, out at));
        Assert.Equal(TimeSpan.Zero, at.Offset);
        Assert.Equal(9, at.Hour);
        Assert.True(CliValues.TryInstant("90m", Now, out at));
        Assert.Equal(Now.AddMinutes(-90), at);
        Assert.False(CliValues.TryInstant("yesterday", Now, out _));
    }

    [Fact]
    public void Csv_lines_split_on_commas_outside_quotes()
    {
        Assert.Equal(["a", "b, c", "d \"e\"", ""], CsvLine.Split("a,\"b, c\",\"d \"\"e\"\"\","));
    }
}
