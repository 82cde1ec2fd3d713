using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Indicators;

/// <summary>
/// Reads the CPU temperature every <see cref="IndicatorOptions.CpuTemperatureInterval"/> on the
/// <see cref="TimeProvider"/>, keeps the last reading for the dashboard and <c>/metrics</c>, and logs a warning when
/// it rises above <see cref="IndicatorOptions.CpuTemperatureWarning"/> (once per crossing, and once when it is back).
/// </summary>
public sealed partial class CpuTemperatureMonitor : IDisposable
{
    private readonly ICpuTemperatureSource _source;
    private readonly double _warning;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<CpuTemperatureMonitor> _logger;
    private readonly Lock _lock = new();
    private CpuTemperatureReading _current;
    private ITimer? _timer;
    private bool _hot;

    public CpuTemperatureMonitor(ICpuTemperatureSource source, IndicatorOptions options, TimeProvider time, ILogger<CpuTemperatureMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _warning = options.CpuTemperatureWarning;
        _interval = options.CpuTemperatureInterval;
        _time = time;
        _logger = logger;
        _current = new CpuTemperatureReading(source.IsAvailable, null, null, _warning);
    }

    /// <summary>The last reading.</summary>
    public CpuTemperatureReading Current => Volatile.Read(ref _current);

    /// <summary>Reads now, then every interval. Calling it again does nothing.</summary>
    public void Start()
    {
        lock (_lock)
        {
            _timer ??= _time.CreateTimer(_ => Read(), null, TimeSpan.Zero, _interval);
        }
    }

    /// <summary>One reading (the timer calls this).</summary>
    public void Read()
    {
        var celsius = _source.ReadCelsius();
        var reading = new CpuTemperatureReading(_source.IsAvailable, celsius, _time.GetUtcNow(), _warning);
        Volatile.Write(ref _current, reading);
        lock (_lock)
        {
            if (reading.AboveWarning && !_hot)
            {
                _hot = true;
                LogHot(celsius!.Value, _warning);
            }
            else if (celsius is { } c && !reading.AboveWarning && _hot)
            {
                _hot = false;
                LogCooled(c, _warning);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CPU temperature {Celsius:0.0} °C is above EdgeBlocker:Indicators:CpuTemperatureWarning ({Warning} °C): check the case's ventilation")]
    private partial void LogHot(double celsius, double warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "CPU temperature {Celsius:0.0} °C is back under {Warning} °C")]
    private partial void LogCooled(double celsius, double warning);
}
