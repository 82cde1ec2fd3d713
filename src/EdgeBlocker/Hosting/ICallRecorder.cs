using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Screening;

namespace EdgeBlocker.Hosting;

/// <summary>Takes every screening decision for the call record. Called on the SIP path: it only queues.</summary>
public interface ICallRecorder
{
    void Record(in CallAttempt attempt, in Verdict verdict, in CallDecision decision);
}
