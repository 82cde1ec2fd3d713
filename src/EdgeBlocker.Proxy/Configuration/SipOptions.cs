namespace EdgeBlocker.Proxy.Configuration;

/// <summary>SIP settings, configuration section <c>EdgeBlocker:Sip</c>.</summary>
public sealed class SipOptions
{
    public const string SectionName = "EdgeBlocker:Sip";

    /// <summary>Address the UDP and TCP listeners bind to. Default <c>0.0.0.0</c>; <c>::</c> listens on IPv6 and IPv4.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>UDP and TCP port. Default 5060.</summary>
    public int Port { get; set; } = 5060;

    /// <summary>The host this box puts in its Via and Record-Route. Default: the bind address, or the first non-loopback
    /// IPv4 address of the machine when bound to all addresses.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary><c>proxy</c> (default) or <c>redirect</c>.</summary>
    public ProxyMode Mode { get; set; } = ProxyMode.Proxy;

    /// <summary>The provider's softswitch: <c>udp:HOST:PORT</c> or <c>tcp:HOST:PORT</c>. Required in proxy mode and for a 302 in redirect mode.</summary>
    public string? Core { get; set; }

    /// <summary>Upstream carriers. When any are configured, requests from other addresses than theirs and the core get 403.</summary>
    public IList<TrunkPeerOptions> Peers { get; } = [];

    /// <summary>Redirect mode's answer to a call that passes screening: 302 (Contact: the core), 404 or 503. Default 302.</summary>
    public int RedirectResponse { get; set; } = 302;

    /// <summary>RFC 3261 timer T1, the round-trip estimate all retransmission timers derive from. Default 500 ms.</summary>
    public TimeSpan T1 { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>RFC 3261 timer T2, the cap on retransmission intervals. Default 4 s.</summary>
    public TimeSpan T2 { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>RFC 3261 timer T4, how long the network may hold a message. Default 5 s.</summary>
    public TimeSpan T4 { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>RFC 3261 §16.6 timer C: how long an INVITE may ring before the box gives up with 408. Default 3 minutes.</summary>
    public TimeSpan TimerC { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Largest message accepted, bytes. Default 65535 (the UDP maximum).</summary>
    public int MaxMessageSize { get; set; } = 65535;

    /// <summary>Threads receiving and handling UDP datagrams, each blocking in its own receive. Default: one per core, at
    /// most 4 (a Pi has 4; more threads than cores only add switching).</summary>
    public int UdpReceiveThreads { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Most TCP connections open at once; more are refused. Default 256.</summary>
    public int MaxTcpConnections { get; set; } = 256;

    /// <summary>Most TCP connections open at once from one address; more from it are refused, so that one source cannot
    /// take all of <see cref="MaxTcpConnections"/>. Default 32.</summary>
    public int MaxTcpConnectionsPerSource { get; set; } = 32;

    /// <summary>A TCP connection with no traffic for this long is closed. Default 2 minutes.</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A TCP message must arrive whole within this time once it has started. Default 10 s.</summary>
    public TimeSpan TcpMessageTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the core and each trunk peer with a Uri get an OPTIONS health ping; a target that has not
    /// answered when the next ping is due is down. Default 10 s; 0 turns the pings off (the trunk LED stays dark).</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per-source flood protection, section <c>EdgeBlocker:Sip:RateLimit</c>.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();
}
