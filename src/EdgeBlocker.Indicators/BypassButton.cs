using System.Device.Gpio;
using Iot.Device.Button;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Indicators;

/// <summary>
/// The bypass push button (to ground, internal pull-up) through Iot.Device.Bindings' <see cref="GpioButton"/>: held
/// for the hold time, it raises <see cref="Held"/> once, while still held, so the technician sees the health LED
/// change before letting go. The hold is timed here on the <see cref="TimeProvider"/> (GpioButton's own holding timer
/// runs on the wall clock); a bouncing contact restarts or cancels it, so no debounce delay is needed.
/// </summary>
public sealed partial class BypassButton : IDisposable
{
    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly TimeSpan _hold;
    private readonly TimeProvider _time;
    private readonly ILogger<BypassButton> _logger;
    private readonly Lock _lock = new();
    private GpioButton? _button;
    private ITimer? _timer;

    public BypassButton(GpioController gpio, int pin, TimeSpan hold, TimeProvider time, ILogger<BypassButton> logger)
    {
        _gpio = gpio;
        _pin = pin;
        _hold = hold;
        _time = time;
        _logger = logger;
    }

    /// <summary>The button was held for the hold time.</summary>
    public event Action? Held;

    /// <summary>Opens the button's pin and starts listening. Calling it again does nothing.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_button is not null)
            {
                return;
            }

            _button = new GpioButton(_pin, TimeSpan.FromSeconds(1), _hold, isPullUp: true, hasExternalResistor: false, _gpio, shouldDispose: false, debounceTime: TimeSpan.Zero)
            {
                IsHoldingEnabled = false,
                IsDoublePressEnabled = false,
            };
            _button.ButtonDown += OnDown;
            _button.ButtonUp += OnUp;
        }
    }

    private void OnDown(object? sender, EventArgs e)
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = _time.CreateTimer(_ => OnHeld(), null, _hold, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnUp(object? sender, EventArgs e)
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void OnHeld()
    {
        lock (_lock)
        {
            if (_timer is null)
            {
                return; // released just as the timer fired
            }

            _timer.Dispose();
            _timer = null;
        }

        LogHeld(_pin, _hold.TotalSeconds);
        Held?.Invoke();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
            if (_button is not null)
            {
                _button.ButtonDown -= OnDown;
                _button.ButtonUp -= OnUp;
                _button.Dispose();
                _button = null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bypass button (GPIO {Pin}) held {Seconds} s")]
    private partial void LogHeld(int pin, double seconds);
}
