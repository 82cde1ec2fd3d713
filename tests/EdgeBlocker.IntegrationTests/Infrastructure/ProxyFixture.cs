namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// One box in proxy mode shared by the tests of a class, with a <see cref="CoreStub"/> as its core that records
/// what reaches it and answers nothing. Subclasses adjust the settings.
/// </summary>
public class ProxyFixture : IAsyncLifetime
{
    private ServiceProcess? service;
    private CoreStub? core;

    public ServiceProcess Service => service ?? throw new InvalidOperationException("fixture not started");

    public CoreStub Core => core ?? throw new InvalidOperationException("fixture not started");

    public async Task InitializeAsync()
    {
        core = CoreStub.Udp(Ports.Next());
        service = await ServiceProcess.StartAsync(Configure(core));
    }

    public async Task DisposeAsync()
    {
        if (service is not null)
        {
            await service.DisposeAsync();
        }
        if (core is not null)
        {
            await core.DisposeAsync();
        }
    }

    /// <summary>The box's settings for this fixture; by default the <see cref="ServiceSettings"/> defaults.</summary>
    protected virtual ServiceSettings Configure(CoreStub core) => new() { Core = core.Uri };
}
