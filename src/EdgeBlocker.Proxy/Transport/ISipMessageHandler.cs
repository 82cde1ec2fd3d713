using EdgeBlocker.Sip;

namespace EdgeBlocker.Proxy.Transport;

/// <summary>Receives every message the transports read. Called on the receive path: it must not block.</summary>
public interface ISipMessageHandler
{
    /// <summary>Handles one message. <paramref name="message"/> and its buffer are reused after the call returns.</summary>
    void OnMessage(SipMessage message, ParseResult result, in Remote source);
}
