using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Settings;

namespace EdgeBlocker.Hosting;

/// <summary>
/// Bypass on or off: the screening engine passes every call unscreened (each recorded with the verdict
/// <c>bypass</c>), the setting is kept in the database so it survives a restart, and every change is audited with
/// who made it (the CLI's user, or the button). The button, the CLI and the web page all come through here.
/// </summary>
public sealed class BypassSwitch
{
    /// <summary>The settings key that holds bypass (JSON <c>true</c>/<c>false</c>).</summary>
    public const string SettingKey = "bypass";

    private readonly SettingsStore _settings;
    private readonly ScreeningEngine _engine;

    public BypassSwitch(SettingsStore settings, ScreeningEngine engine)
    {
        _settings = settings;
        _engine = engine;
    }

    /// <summary>Whether calls are bypassed now.</summary>
    public bool IsOn => _engine.Bypass;

    /// <summary>Applies the stored setting to the engine (at start, before the first call).</summary>
    public bool Restore()
    {
        _engine.Bypass = _settings.Get(SettingKey, false);
        return _engine.Bypass;
    }

    /// <summary>Stores and applies bypass; an unchanged value writes nothing. On a storage error nothing changes.</summary>
    public StorageResult Set(bool on, ChangeContext who)
    {
        if (_settings.Get(SettingKey, false) == on && _engine.Bypass == on)
        {
            return StorageResult.Ok;
        }

        var stored = _settings.Set(SettingKey, on, who);
        if (stored.Succeeded)
        {
            _engine.Bypass = on;
        }

        return stored;
    }
}
