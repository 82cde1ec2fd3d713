using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeBlocker.Indicators.Tests;

/// <summary>The technician wires from hardware/README.md; the service drives the configuration defaults: they must agree.</summary>
public sealed partial class HardwareReadmeTests
{
    [GeneratedRegex(@"^\|\s*(Health|Trunk|Blocked|Sync|Button)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex PinRow();

    /// <summary>BCM number to 40-pin header position, for the pins a Pi exposes.</summary>
    private static readonly Dictionary<int, int> HeaderPin = new()
    {
        [2] = 3, [3] = 5, [4] = 7, [17] = 11, [27] = 13, [22] = 15, [10] = 19, [9] = 21, [11] = 23, [5] = 29, [6] = 31, [13] = 33, [19] = 35, [26] = 37,
        [14] = 8, [15] = 10, [18] = 12, [23] = 16, [24] = 18, [25] = 22, [8] = 24, [7] = 26, [12] = 32, [16] = 36, [20] = 38, [21] = 40,
    };

    private static string Readme()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EdgeBlocker.sln")))
        {
            directory = directory.Parent;
        }

        Assert.True(directory is not null, "repository root (EdgeBlocker.sln) not found above " + AppContext.BaseDirectory);
        return File.ReadAllText(Path.Combine(directory.FullName, "hardware", "README.md"));
    }

    [Fact]
    public void The_pin_table_matches_the_configuration_defaults_and_the_header()
    {
        var rows = PinRow().Matches(Readme()).ToDictionary(m => m.Groups[1].Value, m => (Bcm: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Header: int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));

        foreach (var (name, pin) in new IndicatorPinOptions().ByName())
        {
            Assert.True(rows.TryGetValue(name, out var row), $"hardware/README.md has no pin table row for {name}");
            Assert.Equal(pin, row.Bcm);
            Assert.Equal(HeaderPin[pin], row.Header);
        }

        Assert.Equal(5, rows.Count);
    }
}
