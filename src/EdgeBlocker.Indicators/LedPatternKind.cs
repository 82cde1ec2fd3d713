namespace EdgeBlocker.Indicators;

/// <summary>The ways an LED can light. Timings are in <see cref="LedTiming"/>.</summary>
public enum LedPatternKind
{
    Off,
    On,
    SlowBlink,
    FastBlink,
    BlinkCode,
}
