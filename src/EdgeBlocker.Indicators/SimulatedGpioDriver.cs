using System.Device.Gpio;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Indicators;

/// <summary>
/// A GPIO driver for machines without pins (development, CI, a VM): pins live in memory, every change of an output
/// is logged ("GPIO 22 (Blocked) on"), and <see cref="Snapshot"/> shows them. <see cref="SetInput"/> plays a wire
/// being pulled (the button), raising the same events a real driver would.
/// </summary>
public sealed partial class SimulatedGpioDriver : GpioDriver
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _values = [];
    private readonly List<(int Pin, PinEventTypes Types, PinChangeEventHandler Callback)> _callbacks = [];
    private readonly IReadOnlyDictionary<int, string> _names;
    private readonly ILogger _logger;

    /// <param name="names">What each pin is, for the log (pin 22: Blocked).</param>
    /// <param name="logger">Where pin changes go.</param>
    public SimulatedGpioDriver(IReadOnlyDictionary<int, string> names, ILogger<SimulatedGpioDriver> logger)
    {
        _names = names;
        _logger = logger;
    }

    protected override int PinCount => IndicatorOptions.HighestPin + 1;

    /// <summary>Every open pin and whether it is high.</summary>
    public IReadOnlyDictionary<int, bool> Snapshot()
    {
        lock (_lock)
        {
            return _values.ToDictionary(p => p.Key, p => p.Value == PinValue.High);
        }
    }

    /// <summary>Drives an input pin as the outside world would (a button pulling it to ground), raising pin events.</summary>
    public void SetInput(int pinNumber, PinValue value)
    {
        PinChangeEventHandler[] callbacks;
        PinEventTypes edge;
        lock (_lock)
        {
            var old = _values.GetValueOrDefault(pinNumber, PinValue.Low);
            _values[pinNumber] = value;
            if (old == value)
            {
                return;
            }

            edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            callbacks = [.. _callbacks.Where(c => c.Pin == pinNumber && (c.Types & edge) != 0).Select(c => c.Callback)];
        }

        foreach (var callback in callbacks)
        {
            callback(this, new PinValueChangedEventArgs(edge, pinNumber));
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        lock (_lock)
        {
            _modes.TryAdd(pinNumber, PinMode.Input);
            _values.TryAdd(pinNumber, PinValue.Low);
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            _modes.Remove(pinNumber);
            _values.Remove(pinNumber);
            _callbacks.RemoveAll(c => c.Pin == pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_lock)
        {
            _modes[pinNumber] = mode;
            if (mode == PinMode.InputPullUp)
            {
                // The pull-up holds an open button's pin high.
                _values[pinNumber] = PinValue.High;
            }
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_lock)
        {
            return _modes.GetValueOrDefault(pinNumber, PinMode.Input);
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
        {
            return _values.GetValueOrDefault(pinNumber, PinValue.Low);
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_lock)
        {
            if (_values.TryGetValue(pinNumber, out var old) && old == value)
            {
                return;
            }

            _values[pinNumber] = value;
        }

        var name = _names.GetValueOrDefault(pinNumber, "unused");
        LogPin(pinNumber, name, value == PinValue.High);
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the simulated driver raises pin events through callbacks only");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            _callbacks.Add((pinNumber, eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            _callbacks.RemoveAll(c => c.Pin == pinNumber && c.Callback == callback);
        }
    }

    private void LogPin(int pin, string name, bool high)
    {
        if (high)
        {
            LogOn(pin, name);
        }
        else
        {
            LogOff(pin, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated GPIO {Pin} ({Name}) on")]
    private partial void LogOn(int pin, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated GPIO {Pin} ({Name}) off")]
    private partial void LogOff(int pin, string name);
}
