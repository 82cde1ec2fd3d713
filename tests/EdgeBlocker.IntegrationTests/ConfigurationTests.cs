using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>Invalid configuration stops the service at start with a message naming the key (DESIGN.md, Interfaces).</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("EdgeBlocker:Sip:Core", "bogus")]
    [InlineData("EdgeBlocker:Sip:Port", "70000")]
    [InlineData("EdgeBlocker:Sip:Mode", "sideways")]
    [InlineData("EdgeBlocker:Sip:RedirectResponse", "200")]
    [InlineData("EdgeBlocker:Screening:Response", "999")]
    public async Task Invalid_setting_stops_the_service_with_a_message_naming_the_key(string key, string value)
    {
        var settings = new ServiceSettings
        {
            Core = $"udp:{Loopback.Core}:{Ports.Next()}",
            Extra = new Dictionary<string, string> { [key] = value },
        };
        await using var service = ServiceProcess.Launch(settings);

        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(exitCode is not null, $"the service kept running with {key}={value}:\n{service.Output}");
        Assert.True(exitCode != 0, $"the service exited 0 with {key}={value}:\n{service.Output}");
        // Printed excludes the command line, which names the key too.
        Assert.True(service.Printed.Contains(key, StringComparison.Ordinal), $"the output does not name {key}:\n{service.Output}");
    }
}
