using System.Device.Gpio;

namespace EdgeBlocker.Indicators.Tests;

/// <summary>
/// A fake <see cref="GpioDriver"/> under the real <see cref="GpioController"/>: records every write with the fake
/// clock's time, and lets a test drive an input pin (the button) with the edge events a real chip would raise.
/// </summary>
public sealed class RecordingGpioDriver : GpioDriver
{
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _start;
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _values = [];
    private readonly List<(int Pin, PinEventTypes Types, PinChangeEventHandler Callback)> _callbacks = [];

    public RecordingGpioDriver(TimeProvider time)
    {
        _time = time;
        _start = time.GetUtcNow();
    }

    public List<PinWrite> Writes { get; } = [];

    public HashSet<int> Closed { get; } = [];

    protected override int PinCount => 28;

    /// <summary>The writes to one pin as (ms, level), in order.</summary>
    public List<(long Ms, bool High)> Waveform(int pin, long fromMs = 0, long untilMs = long.MaxValue) =>
        [.. Writes.Where(w => w.Pin == pin && w.Ms >= fromMs && w.Ms <= untilMs).Select(w => (w.Ms, w.High))];

    public PinMode ModeOf(int pin) => _modes[pin];

    public void SetInput(int pin, PinValue value)
    {
        var old = _values.GetValueOrDefault(pin, PinValue.Low);
        _values[pin] = value;
        if (old == value)
        {
            return;
        }

        var edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
        foreach (var (_, _, callback) in _callbacks.Where(c => c.Pin == pin && (c.Types & edge) != 0).ToList())
        {
            callback(this, new PinValueChangedEventArgs(edge, pin));
        }
    }

    protected override void OpenPin(int pinNumber) => _modes.TryAdd(pinNumber, PinMode.Input);

    protected override void ClosePin(int pinNumber)
    {
        _modes.Remove(pinNumber);
        Closed.Add(pinNumber);
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        _modes[pinNumber] = mode;
        if (mode == PinMode.InputPullUp)
        {
            _values[pinNumber] = PinValue.High;
        }
    }

    protected override PinMode GetPinMode(int pinNumber) => _modes[pinNumber];

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => _values.GetValueOrDefault(pinNumber, PinValue.Low);

    protected override void Write(int pinNumber, PinValue value)
    {
        _values[pinNumber] = value;
        Writes.Add(new PinWrite((long)(_time.GetUtcNow() - _start).TotalMilliseconds, pinNumber, value == PinValue.High));
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        _callbacks.Add((pinNumber, eventTypes, callback));

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        _callbacks.RemoveAll(c => c.Pin == pinNumber && c.Callback == callback);
}
