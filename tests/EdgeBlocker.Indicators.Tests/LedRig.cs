using System.Device.Gpio;
using Microsoft.Extensions.Time.Testing;

namespace EdgeBlocker.Indicators.Tests;

/// <summary>Status LEDs on the real GpioController over the recording driver, on a fake clock.</summary>
public sealed class LedRig : IDisposable
{
    public const int Health = 17;
    public const int Trunk = 27;
    public const int Blocked = 22;
    public const int Sync = 23;

    public LedRig()
    {
        Driver = new RecordingGpioDriver(Time);
        Gpio = new GpioController(Driver);
        Leds = new StatusLeds(Gpio, new IndicatorPinOptions(), State, Time);
    }

    public FakeTimeProvider Time { get; } = new();

    public RecordingGpioDriver Driver { get; }

    public GpioController Gpio { get; }

    public IndicatorState State { get; } = new();

    public StatusLeds Leds { get; }

    /// <summary>Advances the fake clock in LED ticks, so every timer fires at its own time.</summary>
    public void Run(long ms)
    {
        for (var t = 0L; t < ms; t += LedTiming.TickMs)
        {
            Time.Advance(LedTiming.Tick);
        }
    }

    public void Dispose()
    {
        Leds.Dispose();
        Gpio.Dispose();
    }
}
