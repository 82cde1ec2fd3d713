using EdgeBlocker.Proxy;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Hosting;

/// <summary>
/// Binds the SIP sockets when the host starts (so a port in use stops the service at start, not later) and runs the
/// UDP receive loop and the TCP accept loop until it stops.
/// </summary>
public sealed partial class SipListener : IHostedService, IDisposable
{
    private readonly SipTransports _transports;
    private readonly SipProxy _proxy;
    private readonly ProxySettings _settings;
    private readonly ILogger<SipListener> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loops = Task.CompletedTask;

    public SipListener(SipTransports transports, SipProxy proxy, ProxySettings settings, ILogger<SipListener> logger)
    {
        _transports = transports;
        _proxy = proxy;
        _settings = settings;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var udp = _transports.Udp.RunReceiveThreads(_proxy, _settings.Sip.MaxMessageSize, _settings.Sip.UdpReceiveThreads, _stopping.Token);
        var tcp = Task.Run(() => _transports.Tcp.AcceptLoopAsync(_proxy, _stopping.Token), CancellationToken.None);
        _loops = Task.WhenAll(udp, tcp);
        LogListening(_transports.Udp.LocalEndPoint, _settings.Sip.Mode, _settings.AdvertisedHost, _settings.Core, _settings.Peers.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _transports.Dispose();
        await _loops.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var counters = _proxy.Counters;
        LogStopped(counters.MessagesReceived, counters.CallsScreened, counters.CallsBlocked, counters.RequestsRelayed, counters.RateLimitedMessages, counters.PenaltyBoxEntries, _transports.Udp.AllocatedBytes);
    }

    public void Dispose() => _stopping.Dispose();

    // What the box did in this run, for the operator (and the flood tests) at a glance.
    [LoggerMessage(Level = LogLevel.Information, Message = "SIP stopped: {Received} messages handled, {Screened} calls screened, {Blocked} blocked, {Relayed} requests relayed; flood protection dropped {RateLimited} messages, {PenaltyBoxEntries} penalty box entries; the UDP receive threads allocated {UdpAllocated} bytes")]
    private partial void LogStopped(long received, long screened, long blocked, long relayed, long rateLimited, long penaltyBoxEntries, long udpAllocated);

    [LoggerMessage(Level = LogLevel.Information, Message = "SIP listening on udp and tcp {EndPoint} in {Mode} mode as {Host}; core {Core}; {Peers} trunk peers")]
    private partial void LogListening(System.Net.IPEndPoint endPoint, ProxyMode mode, string host, SipEndpoint? core, int peers);
}
