using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Indicators;

/// <summary>
/// The hosted service <c>Indicators</c>: runs the status LEDs (if the host has not started them earlier, to show
/// start-up), the bypass button and the CPU temperature readings while the service runs, and turns every LED off when
/// it stops (health dark: service down).
/// </summary>
public sealed partial class IndicatorsService : IHostedService
{
    private readonly StatusLeds _leds;
    private readonly BypassButton _button;
    private readonly CpuTemperatureMonitor _cpu;
    private readonly IndicatorState _state;
    private readonly IndicatorsView _view;
    private readonly ILogger<IndicatorsService> _logger;

    public IndicatorsService(StatusLeds leds, BypassButton button, CpuTemperatureMonitor cpu, IndicatorState state, IndicatorsView view, ILogger<IndicatorsService> logger)
    {
        _leds = leds;
        _button = button;
        _cpu = cpu;
        _state = state;
        _view = view;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _leds.Start();
        _button.Start();
        _cpu.Start();
        var cpu = _cpu.Current;
        LogStarted(_view.Driver, cpu.Available ? $"{cpu.Celsius:0.0} °C" : "not available");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _state.SetHealth(HealthState.Down);
        _cpu.Dispose();
        _button.Dispose();
        _leds.Stop();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Indicators running on the {Driver} driver; CPU temperature {Temperature}")]
    private partial void LogStarted(IndicatorDriverKind driver, string temperature);
}
