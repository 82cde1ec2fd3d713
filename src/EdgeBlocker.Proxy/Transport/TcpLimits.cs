namespace EdgeBlocker.Proxy.Transport;

/// <summary>Bounds on TCP use (see <see cref="Configuration.SipOptions"/> for meanings and defaults).</summary>
public sealed record TcpLimits(int MaxConnections, int MaxConnectionsPerSource, int MaxMessageSize, TimeSpan IdleTimeout, TimeSpan MessageTimeout);
