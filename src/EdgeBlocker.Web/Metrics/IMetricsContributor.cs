namespace EdgeBlocker.Web.Metrics;

/// <summary>Adds a subsystem's metrics (sync results, indicators) to /metrics.</summary>
public interface IMetricsContributor
{
    void Write(MetricsBuilder metrics);
}
