namespace EdgeBlocker.Proxy.Policy;

/// <summary>
/// Decides each call. The proxy calls it on its receive path for every initial INVITE, so an implementation must not
/// block, do I/O or take locks held across awaits: it reads an in-memory snapshot.
/// </summary>
public interface ICallPolicy
{
    CallDecision Decide(in CallAttempt attempt);
}
