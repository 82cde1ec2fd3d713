using EdgeBlocker.Indicators;
using EdgeBlocker.Proxy.Health;
using EdgeBlocker.Web.Hosting;

namespace EdgeBlocker.Hosting.Web;

/// <summary>The indicators' read model and the trunk health pings, as the web page shows them.</summary>
public sealed class IndicatorSource : IIndicatorSource
{
    private readonly IndicatorsView _view;
    private readonly TrunkHealthPinger _pinger;

    public IndicatorSource(IndicatorsView view, TrunkHealthPinger pinger)
    {
        _view = view;
        _pinger = pinger;
    }

    public IndicatorsInfo Read()
    {
        var s = _view.Snapshot();
        var trunk = _pinger.Snapshot();
        return new IndicatorsInfo(
            s.Driver,
            s.Fault == FaultCode.None ? s.Health.ToString() : $"{s.Health} ({s.Fault})",
            s.Trunk.ToString(),
            s.Sync.ToString(),
            [.. s.Leds.Select(l => new LedInfo(l.Name, l.Pin, l.On, l.Pattern))],
            s.CpuTemperature.Celsius,
            s.CpuTemperature.WarningCelsius,
            [.. trunk.Targets.Select(t => new TrunkTargetInfo(t.Name, t.Uri, t.IsCore, t.Up, t.LastStatus))]);
    }
}
