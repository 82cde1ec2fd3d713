namespace EdgeBlocker.Indicators;

/// <summary>
/// How long each part of a pattern lasts. Every figure is a multiple of <see cref="TickMs"/>, the LED loop's period,
/// so the waveforms are exact on a fake clock and within one tick on a real one.
/// </summary>
public static class LedTiming
{
    /// <summary>The LED loop's period: 20 wake-ups a second, and pins are written only when they change.</summary>
    public const int TickMs = 50;

    /// <summary>Lamp test at start: every LED on for one second.</summary>
    public const int LampTestMs = 1000;

    /// <summary>Slow blink: 500 ms on, 500 ms off (1 Hz).</summary>
    public const int SlowHalfPeriodMs = 500;

    /// <summary>Fast blink: 100 ms on, 100 ms off (5 Hz): different enough from slow blink to tell at a glance.</summary>
    public const int FastHalfPeriodMs = 100;

    /// <summary>Blink code: each flash 250 ms on, 250 ms off ...</summary>
    public const int CodeFlashMs = 250;

    /// <summary>... then 1.5 s more off before the code repeats (1.75 s dark in all), so the flashes can be counted.</summary>
    public const int CodePauseMs = 1500;

    /// <summary>Blocked flash: 100 ms on ...</summary>
    public const int BlockedFlashMs = 100;

    /// <summary>... then at least 100 ms off before the next flash: under load the LED blinks at 5 Hz, one flash for all
    /// the calls blocked meanwhile.</summary>
    public const int BlockedGapMs = 100;

    public static TimeSpan Tick => TimeSpan.FromMilliseconds(TickMs);
}
