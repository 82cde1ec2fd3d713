namespace EdgeBlocker.Indicators;

/// <summary>BCM GPIO numbers of the LEDs and the button, section <c>EdgeBlocker:Indicators:Pins</c>. The defaults are
/// the wiring in hardware/README.md.</summary>
public sealed class IndicatorPinOptions
{
    /// <summary>Health LED (green). Default BCM 17 (header pin 11).</summary>
    public int Health { get; init; } = 17;

    /// <summary>Trunk LED (green). Default BCM 27 (header pin 13).</summary>
    public int Trunk { get; init; } = 27;

    /// <summary>Blocked LED (red). Default BCM 22 (header pin 15).</summary>
    public int Blocked { get; init; } = 22;

    /// <summary>Sync LED (yellow). Default BCM 23 (header pin 16).</summary>
    public int Sync { get; init; } = 23;

    /// <summary>Bypass push button to ground (internal pull-up). Default BCM 24 (header pin 18).</summary>
    public int Button { get; init; } = 24;

    /// <summary>The pins by role, in a fixed order (health, trunk, blocked, sync, button).</summary>
    public IReadOnlyList<(string Name, int Pin)> ByName() =>
        [("Health", Health), ("Trunk", Trunk), ("Blocked", Blocked), ("Sync", Sync), ("Button", Button)];
}
