namespace EdgeBlocker.Web.Hosting;

/// <summary>The SIP side's counters, read for the dashboard and /metrics. Implemented by the host.</summary>
public interface IServiceCounters
{
    ServiceCounterValues Read();
}
