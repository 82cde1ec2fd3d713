namespace EdgeBlocker.Indicators;

/// <summary>
/// Everything the LEDs show, as data: the read model behind <c>/api/indicators</c>. Enum values serialise as their
/// names with a string enum converter.
/// </summary>
/// <param name="Driver">gpio or simulated.</param>
/// <param name="Time">When the snapshot was taken (UTC).</param>
/// <param name="Health">The health state.</param>
/// <param name="Fault">The fault whose blink code shows, or None.</param>
/// <param name="Trunk">The trunk state.</param>
/// <param name="Sync">The list sync state.</param>
/// <param name="BlockedCalls">Blocked calls reported since start (each flashes the blocked LED, coalesced).</param>
/// <param name="Leds">The four LEDs: health, trunk, blocked, sync.</param>
/// <param name="CpuTemperature">The last CPU temperature reading.</param>
public sealed record IndicatorSnapshot(
    string Driver,
    DateTimeOffset Time,
    HealthState Health,
    FaultCode Fault,
    TrunkState Trunk,
    SyncState Sync,
    long BlockedCalls,
    IReadOnlyList<LedSnapshot> Leds,
    CpuTemperatureReading CpuTemperature);
