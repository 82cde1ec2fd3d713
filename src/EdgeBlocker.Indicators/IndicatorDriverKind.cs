namespace EdgeBlocker.Indicators;

/// <summary>Where the pins are: the board's GPIO, or a simulation in memory.</summary>
public enum IndicatorDriverKind
{
    /// <summary>The Raspberry Pi's GPIO through libgpiod (Debian package <c>libgpiod2</c>).</summary>
    Gpio,

    /// <summary>Pins in memory: changes are logged and shown on the web page.</summary>
    Simulated,
}
