namespace EdgeBlocker.Indicators;

/// <summary>The truth table of DESIGN.md's "Status LEDs": which pattern each LED runs in each state.</summary>
public static class IndicatorTruthTable
{
    /// <summary>Health: on screening; slow blink starting; fast blink bypass; blink code N for fault N; off down.</summary>
    public static LedPattern Health(HealthState state, FaultCode fault) => state switch
    {
        HealthState.Screening => LedPattern.On,
        HealthState.Starting => LedPattern.SlowBlink,
        HealthState.Bypass => LedPattern.FastBlink,
        HealthState.Fault => LedPattern.Code((int)fault),
        _ => LedPattern.Off,
    };

    /// <summary>Trunk: on when the core and all peers answer; slow blink when some peer does not; off when the core does not.</summary>
    public static LedPattern Trunk(TrunkState state) => state switch
    {
        TrunkState.AllUp => LedPattern.On,
        TrunkState.PeerDown => LedPattern.SlowBlink,
        _ => LedPattern.Off,
    };

    /// <summary>Sync: on when fresh; slow blink while syncing; fast blink when the last sync failed or lists are stale.</summary>
    public static LedPattern Sync(SyncState state) => state switch
    {
        SyncState.Fresh => LedPattern.On,
        SyncState.Syncing => LedPattern.SlowBlink,
        SyncState.Failed or SyncState.Stale => LedPattern.FastBlink,
        _ => LedPattern.Off,
    };
}
