using System.Globalization;
using System.Text;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Sync;
using EdgeBlocker.Web.Hosting;
using EdgeBlocker.Web.Services;

namespace EdgeBlocker.Web.Metrics;

/// <summary>/metrics in the Prometheus text exposition format (version 0.0.4).</summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly IServiceCounters _counters;
    private readonly CallMetrics _metrics;
    private readonly HealthProbe _health;
    private readonly ScreeningEngine _engine;
    private readonly EdgeBlockerDatabase _database;
    private readonly IEnumerable<IMetricsContributor> _contributors;
    private readonly ListSyncService _sync;

    public PrometheusText(IServiceCounters counters, CallMetrics metrics, HealthProbe health, ScreeningEngine engine, EdgeBlockerDatabase database, ListSyncService sync, IEnumerable<IMetricsContributor> contributors)
    {
        _sync = sync;
        _counters = counters;
        _metrics = metrics;
        _health = health;
        _engine = engine;
        _database = database;
        _contributors = contributors;
    }

    public string Write()
    {
        var text = new MetricsBuilder();
        var c = _counters.Read();
        text.Counter("edgeblocker_sip_messages_received_total", "SIP messages received", c.MessagesReceived);
        text.Counter("edgeblocker_sip_malformed_total", "SIP messages that did not parse", c.MalformedMessages);
        text.Counter("edgeblocker_sip_retransmissions_total", "retransmissions absorbed", c.Retransmissions);
        text.Counter("edgeblocker_calls_screened_total", "initial INVITEs screened", c.CallsScreened);
        text.Counter("edgeblocker_calls_blocked_total", "calls answered with a block response", c.CallsBlocked);
        text.Counter("edgeblocker_sip_requests_relayed_total", "requests relayed", c.RequestsRelayed);
        text.Counter("edgeblocker_sip_timeouts_total", "client transactions that timed out", c.Timeouts);
        text.Counter("edgeblocker_sip_udp_allocated_bytes_total", "bytes allocated by the UDP receive threads (parse, screen, answer, record queued)", c.UdpAllocatedBytes);

        text.Help("edgeblocker_verdicts_total", "counter", "screening verdicts by action and deciding rule kind");
        foreach (var (action, kind, count) in _metrics.Verdicts())
        {
            text.Sample("edgeblocker_verdicts_total", $"action=\"{action}\",kind=\"{kind}\"", count);
        }

        text.Help("edgeblocker_screening_duration_seconds", "histogram", "time to decide a call, from facts to verdict and record queued");
        var buckets = _metrics.LatencyBuckets();
        long cumulative = 0;
        for (var i = 0; i < CallMetrics.LatencyBounds.Count; i++)
        {
            cumulative += buckets[i];
            text.Sample("edgeblocker_screening_duration_seconds_bucket", $"le=\"{CallMetrics.LatencyBounds[i].ToString("0.######", CultureInfo.InvariantCulture)}\"", cumulative);
        }

        cumulative += buckets[^1];
        text.Sample("edgeblocker_screening_duration_seconds_bucket", "le=\"+Inf\"", cumulative);
        text.Sample("edgeblocker_screening_duration_seconds_sum", null, _metrics.LatencySumSeconds);
        text.Sample("edgeblocker_screening_duration_seconds_count", null, cumulative);

        var health = _health.Read();
        text.Counter("edgeblocker_call_records_written_total", "call records written", health.RecordsWritten);
        text.Counter("edgeblocker_call_records_dropped_total", "call records dropped (queue full or write failed)", health.RecordsDropped);
        text.Counter("edgeblocker_call_record_batches_failed_total", "call record batches that failed", health.FailedBatches);
        text.Gauge("edgeblocker_call_record_queue_length", "call records waiting to be written", health.QueueLength);
        text.Gauge("edgeblocker_database_bytes", "database file and log size", health.DatabaseBytes);
        text.Gauge("edgeblocker_uptime_seconds", "seconds since the service started", health.Uptime.TotalSeconds);
        if (health.CpuCelsius is { } celsius)
        {
            text.Gauge("edgeblocker_cpu_temperature_celsius", "SoC temperature", celsius);
        }

        text.Counter("edgeblocker_regex_timeouts_total", "regex matches abandoned at the timeout", _engine.RegexTimeouts);
        text.Gauge("edgeblocker_bypass", "1 while bypass lets every call pass", _engine.Bypass ? 1 : 0);
        text.Help("edgeblocker_list_entries", "gauge", "entries in each list's active version");
        foreach (var list in _database.Lists.All())
        {
            text.Sample("edgeblocker_list_entries", $"list=\"{MetricsBuilder.Label(list.Name)}\",enabled=\"{(list.Enabled ? "true" : "false")}\"", list.EntryCount);
        }

        text.Help("edgeblocker_sync_runs_total", "counter", "list sync runs in the recent history (last 200) by list and outcome");
        foreach (var group in _sync.History(null, 200).GroupBy(r => (r.List, Outcome: r.Outcome.ToString().ToLowerInvariant())))
        {
            text.Sample("edgeblocker_sync_runs_total", $"list=\"{MetricsBuilder.Label(group.Key.List)}\",outcome=\"{group.Key.Outcome}\"", group.Count());
        }

        text.Help("edgeblocker_sync_last_success_timestamp_seconds", "gauge", "when each subscription last synced successfully (unix time)");
        foreach (var status in _sync.Statuses().Where(s => s.LastSuccessAt is not null))
        {
            text.Sample("edgeblocker_sync_last_success_timestamp_seconds", $"list=\"{MetricsBuilder.Label(status.Name)}\"", status.LastSuccessAt!.Value.ToUnixTimeSeconds());
        }

        foreach (var contributor in _contributors)
        {
            contributor.Write(text);
        }

        return text.ToString();
    }
}
