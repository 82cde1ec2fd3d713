namespace EdgeBlocker.Indicators;

/// <summary>A pattern an LED runs: a kind, and for a blink code how many flashes.</summary>
/// <param name="Kind">Off, on, slow or fast blink, or a blink code.</param>
/// <param name="Flashes">For <see cref="LedPatternKind.BlinkCode"/>: flashes before each pause.</param>
public readonly record struct LedPattern(LedPatternKind Kind, int Flashes = 0)
{
    public static LedPattern Off => new(LedPatternKind.Off);

    public static LedPattern On => new(LedPatternKind.On);

    public static LedPattern SlowBlink => new(LedPatternKind.SlowBlink);

    public static LedPattern FastBlink => new(LedPatternKind.FastBlink);

    public static LedPattern Code(int flashes) => new(LedPatternKind.BlinkCode, flashes);

    /// <summary>Whether the LED is lit <paramref name="elapsed"/> after the pattern started (every pattern starts lit,
    /// except off).</summary>
    public bool IsLit(TimeSpan elapsed)
    {
        var ms = (long)elapsed.TotalMilliseconds;
        return Kind switch
        {
            LedPatternKind.On => true,
            LedPatternKind.SlowBlink => ms % (2 * LedTiming.SlowHalfPeriodMs) < LedTiming.SlowHalfPeriodMs,
            LedPatternKind.FastBlink => ms % (2 * LedTiming.FastHalfPeriodMs) < LedTiming.FastHalfPeriodMs,
            LedPatternKind.BlinkCode => CodeLit(ms),
            _ => false,
        };
    }

    private bool CodeLit(long ms)
    {
        var flashes = Math.Max(1, Flashes);
        var flashPeriod = 2 * LedTiming.CodeFlashMs;
        var cycle = (flashes * flashPeriod) + LedTiming.CodePauseMs;
        var t = ms % cycle;
        return t < flashes * flashPeriod && t % flashPeriod < LedTiming.CodeFlashMs;
    }

    public override string ToString() => Kind switch
    {
        LedPatternKind.On => "on",
        LedPatternKind.SlowBlink => "slow-blink",
        LedPatternKind.FastBlink => "fast-blink",
        LedPatternKind.BlinkCode => $"blink-code-{Flashes}",
        _ => "off",
    };
}
