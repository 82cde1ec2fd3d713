using System.Diagnostics;
using EdgeBlocker.Screening;

namespace EdgeBlocker.Web.Metrics;

/// <summary>
/// Verdicts by action and rule kind, and how long screening decisions take, counted on the SIP path for /metrics:
/// lock-free increments into fixed arrays, no allocation per call.
/// </summary>
public sealed class CallMetrics
{
    /// <summary>Upper bounds of the decision-latency histogram, seconds (Prometheus <c>le</c>).</summary>
    public static IReadOnlyList<double> LatencyBounds { get; } = [0.000_002, 0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.01, 0.05];

    /// <summary>Actions as /metrics labels them: what the box did (monitor: allowed but a rule would have blocked).</summary>
    public static IReadOnlyList<string> Actions { get; } = ["allow", "block", "tag", "monitor", "bypass"];

    private static readonly int KindCount = Enum.GetValues<RuleKind>().Length + 1;
    private static readonly long[] BoundTicks = [.. LatencyBounds.Select(s => (long)(s * Stopwatch.Frequency))];

    private readonly long[] _verdicts = new long[Actions.Count * KindCount];
    private readonly long[] _latency = new long[LatencyBounds.Count + 1];
    private long _latencyTicks;

    /// <summary>Counts one verdict by action and deciding rule kind.</summary>
    public void RecordVerdict(in Verdict verdict)
    {
        var action = verdict.Bypassed ? 4 : verdict.Action switch
        {
            VerdictAction.Block => 1,
            VerdictAction.Tag => 2,
            _ => verdict.WouldBlock ? 3 : 0,
        };
        var kind = verdict.Kind is { } k ? (int)k + 1 : 0;
        Interlocked.Increment(ref _verdicts[(action * KindCount) + kind]);
    }

    /// <summary>Counts one decision's duration, in <see cref="Stopwatch"/> ticks.</summary>
    public void RecordLatency(long elapsedTicks)
    {
        var bucket = 0;
        while (bucket < BoundTicks.Length && elapsedTicks > BoundTicks[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _latency[bucket]);
        Interlocked.Add(ref _latencyTicks, elapsedTicks);
    }

    /// <summary>Non-zero verdict counts as (action, kind or "none", count).</summary>
    public IEnumerable<(string Action, string Kind, long Count)> Verdicts()
    {
        for (var i = 0; i < _verdicts.Length; i++)
        {
            var count = Interlocked.Read(ref _verdicts[i]);
            if (count > 0)
            {
                var kind = i % KindCount;
                yield return (Actions[i / KindCount], kind == 0 ? "none" : ((RuleKind)(kind - 1)).ToString().ToLowerInvariant(), count);
            }
        }
    }

    /// <summary>Per-bucket (not cumulative) counts; the last is above every bound.</summary>
    public long[] LatencyBuckets() => [.. _latency.Select((_, i) => Interlocked.Read(ref _latency[i]))];

    public double LatencySumSeconds => (double)Interlocked.Read(ref _latencyTicks) / Stopwatch.Frequency;
}
