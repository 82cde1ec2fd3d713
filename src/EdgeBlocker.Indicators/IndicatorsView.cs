namespace EdgeBlocker.Indicators;

/// <summary>
/// The read side of the indicators for the web page (<c>/api/indicators</c>), the dashboard and <c>/metrics</c>:
/// what every LED shows now, the state behind it and the CPU temperature. Cheap, thread-safe, never touches pins.
/// </summary>
public sealed class IndicatorsView
{
    private readonly StatusLeds _leds;
    private readonly IndicatorState _state;
    private readonly CpuTemperatureMonitor _cpu;
    private readonly TimeProvider _time;

    public IndicatorsView(StatusLeds leds, IndicatorState state, CpuTemperatureMonitor cpu, IndicatorDriverKind driver, TimeProvider time)
    {
        _leds = leds;
        _state = state;
        _cpu = cpu;
        Driver = driver;
        _time = time;
    }

    public IndicatorDriverKind Driver { get; }

    /// <summary>The last CPU temperature reading.</summary>
    public CpuTemperatureReading CpuTemperature => _cpu.Current;

    /// <summary>Everything the LEDs show now.</summary>
    public IndicatorSnapshot Snapshot() => new(
        Driver == IndicatorDriverKind.Gpio ? "gpio" : "simulated",
        _time.GetUtcNow(),
        _state.Health,
        _state.Fault,
        _state.Trunk,
        _state.Sync,
        _state.BlockedCalls,
        _leds.Snapshot(),
        _cpu.Current);
}
