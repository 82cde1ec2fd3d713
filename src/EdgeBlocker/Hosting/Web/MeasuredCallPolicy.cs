using System.Diagnostics;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Web.Metrics;

namespace EdgeBlocker.Hosting.Web;

/// <summary>Times every screening decision (screen and queue the record) for the /metrics latency histogram.</summary>
public sealed class MeasuredCallPolicy : ICallPolicy
{
    private readonly ICallPolicy _inner;
    private readonly CallMetrics _metrics;

    public MeasuredCallPolicy(ICallPolicy inner, CallMetrics metrics)
    {
        _inner = inner;
        _metrics = metrics;
    }

    public CallDecision Decide(in CallAttempt attempt)
    {
        var started = Stopwatch.GetTimestamp();
        var decision = _inner.Decide(attempt);
        _metrics.RecordLatency(Stopwatch.GetTimestamp() - started);
        return decision;
    }
}
