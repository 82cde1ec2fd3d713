using System.Reflection;

namespace EdgeBlocker.Tests;

/// <summary>Dependencies point inward (STYLE.md): the SIP layer knows nothing of ours, the proxy only the SIP layer.</summary>
public class ArchitectureTests
{
    private static string[] OurReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("EdgeBlocker", StringComparison.Ordinal)).Order()];

    private static string[] PackageReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => !n.StartsWith("System", StringComparison.Ordinal) && !n.StartsWith("EdgeBlocker", StringComparison.Ordinal) && n != "netstandard" && n != "mscorlib")];

    [Fact]
    public void Sip_depends_on_the_base_library_only()
    {
        var sip = typeof(EdgeBlocker.Sip.SipMessage).Assembly;
        Assert.Empty(OurReferences(sip));
        Assert.Empty(PackageReferences(sip));
    }

    [Fact]
    public void Screening_depends_on_nothing_of_ours_and_only_libphonenumber()
    {
        var screening = typeof(EdgeBlocker.Screening.ScreeningEngine).Assembly;
        Assert.Empty(OurReferences(screening));
        Assert.Equal(["PhoneNumbers"], PackageReferences(screening));
    }

    [Fact]
    public void Storage_is_the_only_project_that_opens_LiteDB()
    {
        var storage = typeof(EdgeBlocker.Storage.EdgeBlockerDatabase).Assembly;
        Assert.Empty(OurReferences(storage));
        Assert.Contains("LiteDB", PackageReferences(storage));
        foreach (var other in new[] { typeof(EdgeBlocker.Sip.SipMessage).Assembly, typeof(EdgeBlocker.Proxy.SipProxy).Assembly, typeof(EdgeBlocker.Screening.ScreeningEngine).Assembly, typeof(EdgeBlocker.Sync.ListSyncService).Assembly, typeof(EdgeBlocker.Program).Assembly, typeof(EdgeBlocker.Web.WebOptions).Assembly })
        {
            Assert.DoesNotContain("LiteDB", PackageReferences(other));
        }
    }

    [Fact]
    public void Proxy_depends_on_Sip_and_the_hosting_abstractions_only()
    {
        var proxy = typeof(EdgeBlocker.Proxy.SipProxy).Assembly;
        Assert.Equal(["EdgeBlocker.Sip"], OurReferences(proxy));
        Assert.All(PackageReferences(proxy), n => Assert.StartsWith("Microsoft.Extensions.", n, StringComparison.Ordinal));
    }

    [Fact]
    public void Web_uses_storage_screening_and_sync_only_never_LiteDB_the_proxy_or_the_host()
    {
        var web = typeof(EdgeBlocker.Web.WebOptions).Assembly;
        Assert.Equal(["EdgeBlocker.Screening", "EdgeBlocker.Storage", "EdgeBlocker.Sync"], OurReferences(web));
        Assert.DoesNotContain("LiteDB", PackageReferences(web));
        Assert.Contains("EdgeBlocker.Web", OurReferences(typeof(EdgeBlocker.Program).Assembly));
    }

    [Fact]
    public void Sync_writes_lists_through_Storage_and_validates_with_Screening_and_knows_no_SIP()
    {
        var sync = typeof(EdgeBlocker.Sync.ListSyncService).Assembly;
        Assert.Equal(["EdgeBlocker.Screening", "EdgeBlocker.Storage"], OurReferences(sync));
        Assert.All(PackageReferences(sync), n => Assert.True(n.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || n.StartsWith("Polly", StringComparison.Ordinal), n));
    }

    [Fact]
    public void Indicators_is_the_only_project_that_touches_GPIO_and_knows_nothing_of_ours()
    {
        var indicators = typeof(EdgeBlocker.Indicators.StatusLeds).Assembly;
        var gpio = new[] { "System.Device.Gpio", "Iot.Device.Bindings" };
        static string[] All(Assembly assembly) => [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)];
        Assert.Empty(OurReferences(indicators));
        Assert.Contains("System.Device.Gpio", All(indicators));
        Assert.Contains("Iot.Device.Bindings", All(indicators));
        Assert.DoesNotContain("LiteDB", All(indicators));
        foreach (var other in new[] { typeof(EdgeBlocker.Sip.SipMessage).Assembly, typeof(EdgeBlocker.Proxy.SipProxy).Assembly, typeof(EdgeBlocker.Screening.ScreeningEngine).Assembly, typeof(EdgeBlocker.Storage.EdgeBlockerDatabase).Assembly, typeof(EdgeBlocker.Sync.ListSyncService).Assembly, typeof(EdgeBlocker.Web.WebOptions).Assembly })
        {
            Assert.Empty(All(other).Intersect(gpio));
        }
    }

    [Fact]
    public void The_host_touches_pins_only_through_the_Indicators_types()
    {
        // The host composes a GpioController but never a driver, a pin or a device of its own.
        var host = typeof(EdgeBlocker.Program).Assembly;
        Assert.DoesNotContain("Iot.Device.Bindings", host.GetReferencedAssemblies().Select(a => a.Name));
        var hostTypes = host.GetTypes();
        Assert.DoesNotContain(hostTypes, t => typeof(System.Device.Gpio.GpioDriver).IsAssignableFrom(t));
    }
}
