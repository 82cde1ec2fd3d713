using System.Net.Sockets;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.Web.Tests;

/// <summary>The web settings are start-up settings like the rest: a bad one, or an address in use, stops the start (exit 2) naming the key.</summary>
public sealed class WebStartupTests
{
    [Fact]
    public async Task A_bad_web_URL_stops_the_start_naming_the_key()
    {
        await using var service = ServiceProcess.Launch(new ServiceSettings { Extra = new Dictionary<string, string> { ["EdgeBlocker:Web:Urls"] = "ftp://127.0.0.1:21" } });
        Assert.Equal(2, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("EdgeBlocker:Web:Urls: 'ftp://127.0.0.1:21'", service.Printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_address_in_use_stops_the_start_naming_the_key()
    {
        var settings = new ServiceSettings();
        using var taken = new TcpListener(Loopback.Box, settings.WebPort);
        taken.Start();
        await using var service = ServiceProcess.Launch(settings);
        Assert.Equal(2, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("cannot start: EdgeBlocker:Web:Urls:", service.Printed, StringComparison.Ordinal);
        Assert.Contains(settings.WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture), service.Printed, StringComparison.Ordinal);
    }
}
