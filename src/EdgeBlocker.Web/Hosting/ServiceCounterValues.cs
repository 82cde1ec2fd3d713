namespace EdgeBlocker.Web.Hosting;

/// <summary>What the proxy counted since start.</summary>
public sealed record ServiceCounterValues(
    long MessagesReceived,
    long MalformedMessages,
    long Retransmissions,
    long CallsScreened,
    long CallsBlocked,
    long RequestsRelayed,
    long Timeouts,
    long UdpAllocatedBytes);
