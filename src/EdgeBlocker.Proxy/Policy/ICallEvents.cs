namespace EdgeBlocker.Proxy.Policy;

/// <summary>
/// What happens to a relayed call after its verdict, for call records: the answer and the hang-up. Called on the SIP
/// path, so an implementation only queues.
/// </summary>
public interface ICallEvents
{
    /// <summary>A 2xx to a screened INVITE went back upstream.</summary>
    void OnAnswered(ReadOnlySpan<byte> callId);

    /// <summary>A BYE of a call passed through, in either direction.</summary>
    void OnEnded(ReadOnlySpan<byte> callId);
}
