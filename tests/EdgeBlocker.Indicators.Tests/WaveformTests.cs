namespace EdgeBlocker.Indicators.Tests;

/// <summary>For each service state, the pin waveform the LEDs must show (DESIGN.md "Status LEDs"), on a fake clock.</summary>
public sealed class WaveformTests
{
    /// <summary>A waveform; every LED pin starts with the low written when it is opened as an output.</summary>
    private static List<(long, bool)> W(params (long Ms, bool High)[] writes) => [.. writes];

    [Fact]
    public void Lamp_test_lights_every_LED_for_one_second_then_each_shows_its_state()
    {
        using var rig = new LedRig();
        rig.State.SetHealth(HealthState.Screening);
        rig.Leds.Start();
        rig.Run(3000);

        foreach (var pin in new[] { LedRig.Health, LedRig.Trunk, LedRig.Blocked, LedRig.Sync })
        {
            Assert.Equal(System.Device.Gpio.PinMode.Output, rig.Driver.ModeOf(pin));
            Assert.Equal([(0L, false), (0L, true)], rig.Driver.Waveform(pin).Take(2));
        }

        Assert.Equal(W((0, false), (0, true)), rig.Driver.Waveform(LedRig.Health)); // screening: stays on
        Assert.Equal(W((0, false), (0, true), (1000, false)), rig.Driver.Waveform(LedRig.Trunk)); // unknown: off after the lamp test
        Assert.Equal(W((0, false), (0, true), (1000, false)), rig.Driver.Waveform(LedRig.Blocked));
        Assert.Equal(W((0, false), (0, true), (1000, false)), rig.Driver.Waveform(LedRig.Sync));
    }

    [Fact]
    public void Starting_is_a_slow_blink_of_the_health_LED()
    {
        using var rig = new LedRig();
        rig.Leds.Start();
        rig.Run(3000);

        Assert.Equal(W((0, false), (0, true), (1500, false), (2000, true), (2500, false), (3000, true)), rig.Driver.Waveform(LedRig.Health));
    }

    [Fact]
    public void Bypass_is_a_fast_blink_of_the_health_LED()
    {
        using var rig = new LedRig();
        rig.State.SetHealth(HealthState.Bypass);
        rig.Leds.Start();
        rig.Run(1500);

        Assert.Equal(W((0, false), (0, true), (1100, false), (1200, true), (1300, false), (1400, true), (1500, false)), rig.Driver.Waveform(LedRig.Health));
    }

    [Fact]
    public void Leaving_bypass_restarts_the_health_LED_steady_on()
    {
        using var rig = new LedRig();
        rig.State.SetHealth(HealthState.Bypass);
        rig.Leds.Start();
        rig.Run(1100);
        rig.State.SetHealth(HealthState.Screening);
        rig.Run(2000);

        Assert.Equal(W((0, false), (0, true), (1100, false), (1150, true)), rig.Driver.Waveform(LedRig.Health));
    }

    [Fact]
    public void A_fault_shows_its_blink_code_N_flashes_then_a_pause()
    {
        using var rig = new LedRig();
        rig.State.SetFault(FaultCode.SipPort);
        rig.State.SetHealth(HealthState.Screening); // a fault is not cleared by a later state other than down
        rig.Leds.Start();
        rig.Run(1000 + 3000 + 3000);

        // Code 3: on 250 / off 250, three times, then 1.5 s more dark; the cycle is 3 s and starts after the lamp test.
        var expected = W(
            (0, false), (0, true), (1250, false), (1500, true), (1750, false), (2000, true), (2250, false),
            (4000, true), (4250, false), (4500, true), (4750, false), (5000, true), (5250, false),
            (7000, true));
        Assert.Equal(expected, rig.Driver.Waveform(LedRig.Health));
        Assert.Equal(HealthState.Fault, rig.State.Health);
    }

    [Fact]
    public void Down_turns_the_health_LED_off()
    {
        using var rig = new LedRig();
        rig.State.SetHealth(HealthState.Down);
        rig.Leds.Start();
        rig.Run(3000);

        Assert.Equal(W((0, false), (0, true), (1000, false)), rig.Driver.Waveform(LedRig.Health));
    }

    [Theory]
    [InlineData(TrunkState.AllUp, "on")]
    [InlineData(TrunkState.PeerDown, "slow")]
    [InlineData(TrunkState.CoreDown, "off")]
    [InlineData(TrunkState.Unknown, "off")]
    public void Trunk_LED_follows_the_health_pings(TrunkState state, string shape)
    {
        using var rig = new LedRig();
        rig.State.SetTrunk(state);
        rig.Leds.Start();
        rig.Run(3000);

        Assert.Equal(Expected(shape), rig.Driver.Waveform(LedRig.Trunk));
    }

    [Theory]
    [InlineData(SyncState.Fresh, "on")]
    [InlineData(SyncState.Syncing, "slow")]
    [InlineData(SyncState.Failed, "fast")]
    [InlineData(SyncState.Stale, "fast")]
    [InlineData(SyncState.Unknown, "off")]
    public void Sync_LED_follows_the_sync_state(SyncState state, string shape)
    {
        using var rig = new LedRig();
        rig.State.SetSync(state);
        rig.Leds.Start();
        rig.Run(3000);

        Assert.Equal(Expected(shape), rig.Driver.Waveform(LedRig.Sync, untilMs: shape == "fast" ? 1500 : long.MaxValue));
    }

    [Fact]
    public void One_blocked_call_is_one_short_flash()
    {
        using var rig = new LedRig();
        rig.Leds.Start();
        rig.Run(2000);
        rig.State.BlockedCall();
        rig.Run(1000);

        Assert.Equal(W((0, false), (0, true), (1000, false), (2050, true), (2150, false)), rig.Driver.Waveform(LedRig.Blocked));
    }

    [Fact]
    public void A_burst_of_blocked_calls_is_coalesced_into_one_flash()
    {
        using var rig = new LedRig();
        rig.Leds.Start();
        rig.Run(2000);
        for (var i = 0; i < 10_000; i++)
        {
            rig.State.BlockedCall();
        }

        rig.Run(1000);

        // Reported after the tick at 2000 ms: the flash starts at the next tick.
        Assert.Equal(W((2050, true), (2150, false)), rig.Driver.Waveform(LedRig.Blocked, fromMs: 1001));
    }

    [Fact]
    public void Under_sustained_load_the_blocked_LED_blinks_at_its_fastest_rate_not_steady()
    {
        using var rig = new LedRig();
        rig.Leds.Start();
        rig.Run(2000);
        for (var t = 0; t < 1000; t += LedTiming.TickMs)
        {
            rig.State.BlockedCall();
            rig.State.BlockedCall();
            rig.Run(LedTiming.TickMs);
        }

        var expected = W((2050, true), (2150, false), (2250, true), (2350, false), (2450, true), (2550, false), (2650, true), (2750, false), (2850, true), (2950, false));
        Assert.Equal(expected, rig.Driver.Waveform(LedRig.Blocked, fromMs: 1001));
    }

    [Fact]
    public void Stop_turns_every_LED_off_and_no_more_writes_follow()
    {
        using var rig = new LedRig();
        rig.State.SetHealth(HealthState.Screening);
        rig.State.SetTrunk(TrunkState.AllUp);
        rig.State.SetSync(SyncState.Fresh);
        rig.Leds.Start();
        rig.Run(2000);
        rig.Leds.Stop();
        var count = rig.Driver.Writes.Count;
        rig.Run(2000);

        Assert.Equal(count, rig.Driver.Writes.Count);
        Assert.All(new[] { LedRig.Health, LedRig.Trunk, LedRig.Sync }, pin => Assert.Equal((2000L, false), rig.Driver.Waveform(pin)[^1]));
        Assert.All(rig.Leds.Snapshot(), led => Assert.False(led.On));
    }

    [Fact]
    public void The_snapshot_shows_the_pattern_and_level_of_each_LED()
    {
        using var rig = new LedRig();
        rig.State.SetHealth(HealthState.Bypass);
        rig.State.SetTrunk(TrunkState.PeerDown);
        rig.Leds.Start();
        Assert.All(rig.Leds.Snapshot(), led => Assert.Equal("lamp-test", led.Pattern));
        rig.Run(1000);

        var leds = rig.Leds.Snapshot().ToDictionary(l => l.Name);
        Assert.Equal(new LedSnapshot("Health", 17, true, "fast-blink"), leds["Health"]);
        Assert.Equal(new LedSnapshot("Trunk", 27, true, "slow-blink"), leds["Trunk"]);
        Assert.Equal(new LedSnapshot("Blocked", 22, false, "off"), leds["Blocked"]);
        Assert.Equal(new LedSnapshot("Sync", 23, false, "off"), leds["Sync"]);
    }

    private static List<(long, bool)> Expected(string shape) => shape switch
    {
        "on" => W((0, false), (0, true)),
        "slow" => W((0, false), (0, true), (1500, false), (2000, true), (2500, false), (3000, true)),
        "fast" => W((0, false), (0, true), (1100, false), (1200, true), (1300, false), (1400, true), (1500, false)),
        _ => W((0, false), (0, true), (1000, false)),
    };
}
