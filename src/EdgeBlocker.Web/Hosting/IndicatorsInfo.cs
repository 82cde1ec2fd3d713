namespace EdgeBlocker.Web.Hosting;

/// <summary>The LEDs and the states behind them.</summary>
/// <param name="Driver">gpio (real pins) or simulated.</param>
/// <param name="Health">Health state (Starting, Screening, Bypass, Fault, Down).</param>
/// <param name="Trunk">Trunk state (AllUp, PeerDown, CoreDown, Unknown).</param>
/// <param name="Sync">List sync state (Fresh, Syncing, Failed, Stale).</param>
/// <param name="CpuCelsius">The SoC temperature, null where the board has no sensor.</param>
/// <param name="Targets">The core and trunk peers as the health pings see them.</param>
public sealed record IndicatorsInfo(
    string Driver,
    string Health,
    string Trunk,
    string Sync,
    IReadOnlyList<LedInfo> Leds,
    double? CpuCelsius,
    double CpuWarningCelsius,
    IReadOnlyList<TrunkTargetInfo> Targets);
