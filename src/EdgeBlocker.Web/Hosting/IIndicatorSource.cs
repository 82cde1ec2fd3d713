namespace EdgeBlocker.Web.Hosting;

/// <summary>What the status LEDs show and how the trunk answers health pings, for the dashboard mirror and
/// <c>/api/indicators</c>. Implemented by the host from the indicators' read model.</summary>
public interface IIndicatorSource
{
    IndicatorsInfo Read();
}
