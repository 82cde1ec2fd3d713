using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.Web.Tests;

/// <summary>The real service process on loopback (SIP and web page), with its web address.</summary>
public static class WebService
{
    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new ServiceSettings { Extra = extra ?? new Dictionary<string, string>() };
        var service = await ServiceProcess.StartAsync(settings);
        // SIP answers first: Kestrel is the last service the host starts.
        if (!await Loopback.WaitListeningAsync(Loopback.Box, settings.WebPort, tcp: true, TimeSpan.FromSeconds(20)))
        {
            var output = service.Output;
            await service.DisposeAsync();
            Assert.Fail($"the web page never listened on {settings.WebPort}:\n{output}");
        }

        return service;
    }

    public static Uri BaseAddress(this ServiceProcess service) => new($"http://{Loopback.Box}:{service.Settings.WebPort}/");
}
