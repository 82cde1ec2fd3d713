using EdgeBlocker.Hosting;
using EdgeBlocker.Indicators;
using EdgeBlocker.Proxy.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeBlocker.Tests.Hosting;

public class IndicatorsCompositionTests
{
    private static ProxySettings Settings() =>
        ProxySettings.Create(new SipOptions { BindAddress = "127.0.0.1", Core = "udp:127.0.0.3:5080" }, new BlockResponseOptions(), out _)!;

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Theory]
    [InlineData("EdgeBlocker:DataDirectory: cannot open", FaultCode.Database)]
    [InlineData("EdgeBlocker:Screening:BlockedNumbers: cannot store the config list", FaultCode.Lists)]
    [InlineData("EdgeBlocker:Sip:Port / BindAddress: cannot listen on 127.0.0.1:5060", FaultCode.SipPort)]
    [InlineData("something else", FaultCode.Other)]
    public void A_start_up_error_gets_the_blink_code_of_the_key_it_names(string message, FaultCode expected) =>
        Assert.Equal(expected, IndicatorsServiceCollectionExtensions.FaultFor(message));

    [Fact]
    public void Two_LEDs_on_one_pin_stop_the_start_naming_the_keys()
    {
        var e = Assert.Throws<StartupException>(() => new ServiceCollection().AddIndicators(Config(("EdgeBlocker:Indicators:Pins:Blocked", "17")), Settings()));
        Assert.Contains("EdgeBlocker:Indicators:Pins:Blocked", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_indicator_key_stops_the_start()
    {
        var e = Assert.Throws<StartupException>(() => new ServiceCollection().AddIndicators(Config(("EdgeBlocker:Indicators:Led", "1")), Settings()));
        Assert.Contains("Led", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shown_fault_is_held_on_the_pi_and_not_off_it()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new IndicatorOptions().FaultHoldFor(IndicatorDriverKind.Gpio));
        Assert.Equal(TimeSpan.Zero, new IndicatorOptions().FaultHoldFor(IndicatorDriverKind.Simulated));
        Assert.Equal(TimeSpan.FromSeconds(5), new IndicatorOptions { FaultHoldTime = TimeSpan.FromSeconds(5) }.FaultHoldFor(IndicatorDriverKind.Simulated));
    }
}
