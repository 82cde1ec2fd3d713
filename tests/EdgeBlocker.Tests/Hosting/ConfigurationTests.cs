using EdgeBlocker.Hosting;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Policy;
using Microsoft.Extensions.Configuration;

namespace EdgeBlocker.Tests.Hosting;

public class ConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.GroupBy(v => v.Key).Select(g => new KeyValuePair<string, string?>(g.Key, g.Last().Value))).Build();

    [Fact]
    public void The_CLI_reads_settings_saved_on_the_web_page_and_the_command_line_still_wins_over_them()
    {
        var data = Directory.CreateTempSubdirectory("edgeblocker-cli-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(data, "web-settings.json"), """{ "EdgeBlocker:Screening:Mode": "monitor", "EdgeBlocker:Storage:RetentionDays": "30" }""");

            var config = ServiceHost.BuildConfiguration(["--EdgeBlocker:DataDirectory=" + data, "--EdgeBlocker:Storage:RetentionDays=45"]);

            Assert.Equal("monitor", config["EdgeBlocker:Screening:Mode"]);
            Assert.Equal("45", config["EdgeBlocker:Storage:RetentionDays"]);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void Defaults_are_a_proxy_on_5060_answering_603_plus()
    {
        var (config, numbers) = ServiceHost.Load(Config(("EdgeBlocker:Sip:Core", "udp:127.0.0.1:5080")));
        Assert.Equal(ProxyMode.Proxy, config.Proxy.Sip.Mode);
        Assert.Equal(5060, config.Proxy.Bind.Port);
        Assert.Empty(numbers ?? []);
        Assert.Equal(90, config.Storage.RetentionDays);
    }

    [Theory]
    [InlineData("EdgeBlocker:Sip:Core", "udp:10.0.0.5:99999", "EdgeBlocker:Sip:Core")]
    [InlineData("EdgeBlocker:Sip:Core", "http://10.0.0.5", "EdgeBlocker:Sip:Core")]
    [InlineData("EdgeBlocker:Sip:BindAddress", "not-an-ip", "EdgeBlocker:Sip:BindAddress")]
    [InlineData("EdgeBlocker:Sip:Port", "70000", "EdgeBlocker:Sip:Port")]
    [InlineData("EdgeBlocker:Sip:Port", "five", "EdgeBlocker:Sip:Port")]
    [InlineData("EdgeBlocker:Sip:Mode", "bridge", "EdgeBlocker:Sip:Mode")]
    [InlineData("EdgeBlocker:Sip:RedirectResponse", "200", "EdgeBlocker:Sip:RedirectResponse")]
    [InlineData("EdgeBlocker:Sip:T1", "-00:00:01", "EdgeBlocker:Sip:T1")]
    [InlineData("EdgeBlocker:Sip:Peers:0:Name", "carrier-a", "EdgeBlocker:Sip:Peers:0:Addresses")]
    [InlineData("EdgeBlocker:Screening:Response", "486", "EdgeBlocker:Screening:Response")]
    [InlineData("EdgeBlocker:Screening:BlockedNumbers:0", "call me", "EdgeBlocker:Screening:BlockedNumbers:0")]
    [InlineData("EdgeBlocker:Sip:Colour", "blue", "Colour")]
    [InlineData("EdgeBlocker:Screening:Response", "608", "EdgeBlocker:Screening:JCardUrl")]
    [InlineData("EdgeBlocker:Screening:DefaultRegion", "XX", "EdgeBlocker:Screening:DefaultRegion")]
    [InlineData("EdgeBlocker:Screening:Mode", "maybe", "EdgeBlocker:Screening:Mode")]
    [InlineData("EdgeBlocker:Screening:NeverBlock:0", "help", "EdgeBlocker:Screening:NeverBlock:0")]
    [InlineData("EdgeBlocker:Storage:RetentionDays", "0", "EdgeBlocker:Storage:RetentionDays")]
    [InlineData("EdgeBlocker:Storage:Writer:BatchSize", "0", "EdgeBlocker:Storage:Writer:BatchSize")]
    public void Bad_configuration_stops_the_start_naming_the_key(string key, string value, string named)
    {
        var config = Config(("EdgeBlocker:Sip:Core", "udp:127.0.0.1:5080"), (key, value));
        var e = Assert.Throws<StartupException>(() => ServiceHost.LoadConfiguration(config));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_line_in_the_blocked_numbers_file_is_named_by_line_number()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["# list", "+12025550143", "", "not a number"]);
            var config = Config(("EdgeBlocker:Sip:Core", "udp:127.0.0.1:5080"), ("EdgeBlocker:Screening:BlockedNumbersFile", file));
            var e = Assert.Throws<StartupException>(() => ServiceHost.LoadConfiguration(config));
            Assert.Contains("line 4", e.Message, StringComparison.Ordinal);

            File.WriteAllLines(file, ["# list", "+12025550143", "2025550144"]);
            Assert.Equal([12025550143L, 12025550144L], ServiceHost.Load(config).ConfigNumbers);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_blocked_numbers_file_is_read_across_buffers_with_a_byte_order_mark_crlf_and_long_comments()
    {
        var file = Path.GetTempFileName();
        try
        {
            // More than one 64 KiB read buffer: a comment longer than a buffer, then numbers whose lines straddle buffer
            // ends, Windows line ends, and a last line without a newline.
            var lines = new List<string> { "# " + new string('x', 70_000), "+1 202 555 0100" };
            lines.AddRange(Enumerable.Range(0, 10_000).Select(i => $"+1202556{i:D4}"));
            var text = string.Join("\r\n", lines);
            File.WriteAllBytes(file, [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(text)]);
            var config = Config(("EdgeBlocker:Sip:Core", "udp:127.0.0.1:5080"), ("EdgeBlocker:Screening:BlockedNumbersFile", file));

            var numbers = ServiceHost.Load(config).ConfigNumbers;

            Assert.NotNull(numbers);
            Assert.Equal(10_001, numbers.Count);
            Assert.Equal(12025550100L, numbers[0]);
            Assert.Equal(12025569999L, numbers[^1]);

            lines[7_000] = "+1 202 555 01O0"; // a letter O, past the first buffer: line 7001
            File.WriteAllText(file, string.Join("\n", lines));
            var e = Assert.Throws<StartupException>(() => ServiceHost.LoadConfiguration(config));
            Assert.Contains("line 7001: '+1 202 555 01O0'", e.Message, StringComparison.Ordinal);

            File.WriteAllText(file, "+12025550100\n" + new string('7', 70_000));
            e = Assert.Throws<StartupException>(() => ServiceHost.LoadConfiguration(config));
            Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("603+", BlockResponse.NetworkBlocked603Plus)]
    [InlineData("603", BlockResponse.Decline603)]
    [InlineData("607", BlockResponse.Unwanted607)]
    [InlineData("608", BlockResponse.Rejected608)]
    public void Response_codes_are_selectable(string text, BlockResponse expected) =>
        Assert.Equal(expected, BlocklistLoader.ParseResponse(text));
}
