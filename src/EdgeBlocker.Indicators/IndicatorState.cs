namespace EdgeBlocker.Indicators;

/// <summary>
/// The input of the LEDs: what the host says about the service. Setters are cheap and never block (plain volatile
/// writes); <see cref="BlockedCall"/> is one interlocked increment, safe on the SIP hot path. The LED loop reads this
/// on every tick, so many blocked calls between two ticks make one flash (coalescing).
/// </summary>
public sealed class IndicatorState
{
    private int _health = (int)HealthState.Starting;
    private int _fault;
    private int _trunk;
    private int _sync;
    private long _blocked;

    public HealthState Health => (HealthState)Volatile.Read(ref _health);

    /// <summary>The fault shown while <see cref="Health"/> is <see cref="HealthState.Fault"/>.</summary>
    public FaultCode Fault => (FaultCode)Volatile.Read(ref _fault);

    public TrunkState Trunk => (TrunkState)Volatile.Read(ref _trunk);

    public SyncState Sync => (SyncState)Volatile.Read(ref _sync);

    /// <summary>How many blocked calls were reported since start.</summary>
    public long BlockedCalls => Interlocked.Read(ref _blocked);

    /// <summary>Sets the health state. A fault, once set, stays: only <see cref="HealthState.Down"/> replaces it.</summary>
    public void SetHealth(HealthState state)
    {
        if (state == HealthState.Fault)
        {
            throw new ArgumentException("use SetFault to report a fault", nameof(state));
        }

        if (Health == HealthState.Fault && state != HealthState.Down)
        {
            return;
        }

        Volatile.Write(ref _health, (int)state);
    }

    /// <summary>Shows a fatal error's blink code on the health LED.</summary>
    public void SetFault(FaultCode fault)
    {
        if (fault == FaultCode.None)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "a fault has a code of 1 or more");
        }

        Volatile.Write(ref _fault, (int)fault);
        Volatile.Write(ref _health, (int)HealthState.Fault);
    }

    public void SetTrunk(TrunkState state) => Volatile.Write(ref _trunk, (int)state);

    public void SetSync(SyncState state) => Volatile.Write(ref _sync, (int)state);

    /// <summary>One call was blocked: the blocked LED flashes (once per flash period however many calls arrive).</summary>
    public void BlockedCall() => Interlocked.Increment(ref _blocked);
}
