using System.Device.Gpio;

namespace EdgeBlocker.Indicators;

/// <summary>
/// The four status LEDs on an injected <see cref="GpioController"/>: a lamp test at start (all on for one second),
/// then each LED runs the pattern of <see cref="IndicatorTruthTable"/> for the <see cref="IndicatorState"/>, read on
/// every tick of a <see cref="TimeProvider"/> timer. A pattern starts lit when it changes, and pins are written only
/// when their level changes. The SIP path never waits for this: it only bumps the state's counter. Patterns run on the
/// monotonic clock: a wall clock stepped back (an admin, or NTP after a boot on a stale clock) would otherwise leave
/// every blinking LED lit, and the blocked LED without flashes, for as long as the step.
/// </summary>
public sealed class StatusLeds : IDisposable
{
    private const int Health = 0;
    private const int Trunk = 1;
    private const int Blocked = 2;
    private const int Sync = 3;
    private static readonly string[] Names = ["Health", "Trunk", "Blocked", "Sync"];

    private readonly GpioController _gpio;
    private readonly IndicatorState _state;
    private readonly TimeProvider _time;
    private readonly int[] _pins;
    private readonly bool[] _lit = new bool[4];
    private readonly LedPattern[] _patterns = new LedPattern[4];
    private readonly TimeSpan[] _since = new TimeSpan[4];
    private readonly BlockedFlasher _flasher = new();
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private long _started;
    private bool _lampTest;
    private bool _stopped;

    public StatusLeds(GpioController gpio, IndicatorPinOptions pins, IndicatorState state, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(pins);
        _gpio = gpio;
        _state = state;
        _time = time;
        _pins = [pins.Health, pins.Trunk, pins.Blocked, pins.Sync];
    }

    public bool IsRunning => _timer is not null;

    /// <summary>Opens the pins, lights every LED (lamp test) and starts the loop. Calling it again does nothing.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_timer is not null || _stopped)
            {
                return;
            }

            _started = _time.GetTimestamp();
            _lampTest = true;
            for (var i = 0; i < _pins.Length; i++)
            {
                _gpio.OpenPin(_pins[i], PinMode.Output, PinValue.Low);
                Set(i, true);
            }

            _timer = _time.CreateTimer(_ => Tick(), null, LedTiming.Tick, LedTiming.Tick);
        }
    }

    /// <summary>One step of the loop: public so that a test on a fake clock may call it, but the timer does.</summary>
    public void Tick()
    {
        if (!_lock.TryEnter())
        {
            return; // the previous tick is still writing: skip, the next one catches up
        }

        try
        {
            if (_timer is null || _stopped)
            {
                return;
            }

            var now = _time.GetElapsedTime(_started);
            if (_lampTest)
            {
                if (now < TimeSpan.FromMilliseconds(LedTiming.LampTestMs))
                {
                    return;
                }

                _lampTest = false;
                _flasher.Reset(_state.BlockedCalls);
                Array.Fill(_patterns, new LedPattern((LedPatternKind)(-1)));
            }

            Show(Health, IndicatorTruthTable.Health(_state.Health, _state.Fault), now);
            Show(Trunk, IndicatorTruthTable.Trunk(_state.Trunk), now);
            Show(Sync, IndicatorTruthTable.Sync(_state.Sync), now);
            Set(Blocked, _flasher.IsLit(_state.BlockedCalls, now));
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>Stops the loop and turns every LED off: the health LED dark means the service is down.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            _timer?.Dispose();
            _timer = null;
            for (var i = 0; i < _pins.Length; i++)
            {
                if (_gpio.IsPinOpen(_pins[i]))
                {
                    Set(i, false);
                }
            }
        }
    }

    /// <summary>The LEDs as they are now, for the web page.</summary>
    public IReadOnlyList<LedSnapshot> Snapshot()
    {
        lock (_lock)
        {
            var leds = new LedSnapshot[4];
            for (var i = 0; i < leds.Length; i++)
            {
                var pattern = _timer is null ? "off" : _lampTest ? "lamp-test" : i == Blocked ? (_lit[i] ? "flash" : "off") : _patterns[i].ToString();
                leds[i] = new LedSnapshot(Names[i], _pins[i], _lit[i], pattern);
            }

            return leds;
        }
    }

    private void Show(int led, LedPattern pattern, TimeSpan now)
    {
        if (pattern != _patterns[led])
        {
            _patterns[led] = pattern;
            _since[led] = now;
        }

        Set(led, pattern.IsLit(now - _since[led]));
    }

    private void Set(int led, bool lit)
    {
        if (_lit[led] == lit)
        {
            return;
        }

        _lit[led] = lit;
        _gpio.Write(_pins[led], lit ? PinValue.High : PinValue.Low);
    }

    public void Dispose() => Stop();
}
