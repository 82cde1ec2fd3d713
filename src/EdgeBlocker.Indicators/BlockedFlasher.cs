namespace EdgeBlocker.Indicators;

/// <summary>
/// The blocked LED: a short flash when the blocked-call count moved since the last flash began. Calls blocked during
/// a flash or its gap make one more flash after it, so under load the LED blinks at its fastest rate instead of
/// staying lit, and a single call is always seen.
/// </summary>
internal sealed class BlockedFlasher
{
    private static readonly TimeSpan Flash = TimeSpan.FromMilliseconds(LedTiming.BlockedFlashMs);
    private static readonly TimeSpan Cycle = TimeSpan.FromMilliseconds(LedTiming.BlockedFlashMs + LedTiming.BlockedGapMs);
    private long _seen;
    private TimeSpan? _flashStarted;

    /// <summary>Forget calls counted so far (at the end of the lamp test).</summary>
    public void Reset(long count)
    {
        _seen = count;
        _flashStarted = null;
    }

    /// <summary>Whether the LED is lit at <paramref name="now"/> (on the monotonic clock, since the LEDs started), given the blocked-call count.</summary>
    public bool IsLit(long count, TimeSpan now)
    {
        if (_flashStarted is { } started && now - started >= Cycle)
        {
            _flashStarted = null;
        }

        if (_flashStarted is null && count != _seen)
        {
            _seen = count;
            _flashStarted = now;
        }

        return _flashStarted is { } s && now - s < Flash;
    }
}
