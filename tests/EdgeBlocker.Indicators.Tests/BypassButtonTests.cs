using System.Device.Gpio;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeBlocker.Indicators.Tests;

/// <summary>The bypass button through GpioButton on the recording driver: a 3 s hold toggles, a short press does not.</summary>
public sealed class BypassButtonTests
{
    private const int Pin = 24;

    private static (LedRig Rig, BypassButton Button, List<long> Held) Start()
    {
        var rig = new LedRig();
        var button = new BypassButton(rig.Gpio, Pin, TimeSpan.FromSeconds(3), rig.Time, NullLogger<BypassButton>.Instance);
        var held = new List<long>();
        var start = rig.Time.GetUtcNow();
        button.Held += () => held.Add((long)(rig.Time.GetUtcNow() - start).TotalMilliseconds);
        button.Start();
        return (rig, button, held);
    }

    [Fact]
    public void The_button_pin_is_an_input_with_pull_up()
    {
        var (rig, button, _) = Start();
        using var __ = rig;
        using var ___ = button;
        Assert.Equal(PinMode.InputPullUp, rig.Driver.ModeOf(Pin));
    }

    [Fact]
    public void Holding_the_button_3_seconds_raises_Held_once_while_it_is_still_held()
    {
        var (rig, button, held) = Start();
        using var __ = rig;
        using var ___ = button;

        rig.Driver.SetInput(Pin, PinValue.Low); // pressed: pulled to ground
        rig.Run(2950);
        Assert.Empty(held);
        rig.Run(5000);
        Assert.Equal([3000L], held);
        rig.Driver.SetInput(Pin, PinValue.High);
        rig.Run(5000);
        Assert.Single(held);
    }

    [Fact]
    public void A_short_press_or_a_bouncing_contact_does_not_toggle()
    {
        var (rig, button, held) = Start();
        using var __ = rig;
        using var ___ = button;

        rig.Driver.SetInput(Pin, PinValue.Low);
        rig.Run(2000);
        rig.Driver.SetInput(Pin, PinValue.High); // released after 2 s
        rig.Run(5000);
        Assert.Empty(held);

        // A bounce on press restarts the hold: 3 s counts from the last contact.
        rig.Driver.SetInput(Pin, PinValue.Low);
        rig.Run(1000);
        rig.Driver.SetInput(Pin, PinValue.High);
        rig.Driver.SetInput(Pin, PinValue.Low);
        rig.Run(2950);
        Assert.Empty(held);
        rig.Run(100);
        Assert.Single(held);
    }

    [Fact]
    public void Two_holds_toggle_twice()
    {
        var (rig, button, held) = Start();
        using var __ = rig;
        using var ___ = button;
        var bypass = false;
        button.Held += () => bypass = !bypass;

        rig.Driver.SetInput(Pin, PinValue.Low);
        rig.Run(3000);
        rig.Driver.SetInput(Pin, PinValue.High);
        Assert.True(bypass);
        rig.Driver.SetInput(Pin, PinValue.Low);
        rig.Run(3000);
        rig.Driver.SetInput(Pin, PinValue.High);
        Assert.False(bypass);
        Assert.Equal(2, held.Count);
    }
}
