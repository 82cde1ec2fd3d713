using EdgeBlocker.Proxy;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Web.Hosting;

namespace EdgeBlocker.Hosting.Web;

/// <summary>The proxy's counters for the dashboard and /metrics.</summary>
public sealed class ProxyCounterSource : IServiceCounters
{
    private readonly IServiceProvider _services;

    public ProxyCounterSource(IServiceProvider services) => _services = services;

    public ServiceCounterValues Read()
    {
        // Resolved on use: the proxy is built after the web services are registered.
        var c = ((SipProxy)_services.GetService(typeof(SipProxy))!).Counters;
        var udp = ((SipTransports)_services.GetService(typeof(SipTransports))!).Udp;
        return new ServiceCounterValues(c.MessagesReceived, c.MalformedMessages, c.Retransmissions, c.CallsScreened, c.CallsBlocked, c.RequestsRelayed, c.Timeouts, udp.AllocatedBytes);
    }
}
