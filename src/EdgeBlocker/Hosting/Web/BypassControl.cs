using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Web.Hosting;

namespace EdgeBlocker.Hosting.Web;

/// <summary>The web page's bypass switch: the host's <see cref="BypassSwitch"/>, as the button and the CLI use it.</summary>
public sealed class BypassControl : IBypassControl
{
    private readonly BypassSwitch _switch;

    public BypassControl(EdgeBlockerDatabase database, ScreeningEngine engine)
    {
        ArgumentNullException.ThrowIfNull(database);
        _switch = new BypassSwitch(database.Settings, engine);
    }

    public bool IsOn => _switch.IsOn;

    public string? Switch(bool bypass, ChangeContext who) => _switch.Set(bypass, who).Error;
}
