using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Screening;
using EdgeBlocker.Web.Metrics;

namespace EdgeBlocker.Hosting.Web;

/// <summary>Counts each verdict by action and rule kind for /metrics, then hands the decision to the call recorder.</summary>
public sealed class MetricsCallRecorder : ICallRecorder
{
    private readonly ICallRecorder _inner;
    private readonly CallMetrics _metrics;

    public MetricsCallRecorder(ICallRecorder inner, CallMetrics metrics)
    {
        _inner = inner;
        _metrics = metrics;
    }

    public void Record(in CallAttempt attempt, in Verdict verdict, in CallDecision decision)
    {
        _metrics.RecordVerdict(verdict);
        _inner.Record(attempt, verdict, decision);
    }
}
