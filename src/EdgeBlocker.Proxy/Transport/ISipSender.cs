namespace EdgeBlocker.Proxy.Transport;

/// <summary>Sends raw messages; the transports implement it.</summary>
public interface ISipSender
{
    /// <summary>Sends <paramref name="message"/> to <paramref name="destination"/>. Never throws for network errors (they are logged):
    /// SIP recovers from loss with retransmissions and timers.</summary>
    void Send(in Remote destination, ReadOnlySpan<byte> message);
}
