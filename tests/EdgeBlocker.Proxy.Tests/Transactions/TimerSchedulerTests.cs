using EdgeBlocker.Proxy.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeBlocker.Proxy.Tests.Transactions;

public class TimerSchedulerTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly TimerScheduler _scheduler;
    private readonly List<(string Name, double At)> _fired = [];

    public TimerSchedulerTests() => _scheduler = new TimerScheduler(_clock, TimeSpan.FromMilliseconds(1));

    private DateTimeOffset Start { get; } = new FakeTimeProvider().GetUtcNow();

    /// <summary>Lets time pass a millisecond at a time, as a real clock does, so each firing sees its own time.</summary>
    private void Pass(TimeSpan span)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += TimeSpan.FromMilliseconds(1))
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    private OneShotTimer Timer(string name) =>
        new(_scheduler, static (s, _) => ((Action)s)(), new Action(() => _fired.Add((name, (_clock.GetUtcNow() - Start).TotalMilliseconds))));

    [Fact]
    public void Timers_fire_once_at_their_due_time_in_due_order_and_ties_in_start_order()
    {
        Timer("c").Start(TimeSpan.FromMilliseconds(300));
        Timer("a").Start(TimeSpan.FromMilliseconds(100));
        Timer("b1").Start(TimeSpan.FromMilliseconds(200));
        Timer("b2").Start(TimeSpan.FromMilliseconds(200));
        Timer("now").Start(TimeSpan.Zero);
        Assert.Equal([("now", 0)], _fired); // a fake clock fires what is due at once

        Pass(TimeSpan.FromSeconds(1));

        Assert.Equal([("now", 0), ("a", 100), ("b1", 200), ("b2", 200), ("c", 300)], _fired);
        Assert.Equal(0, _scheduler.Count);
    }

    [Fact]
    public void With_the_default_resolution_timers_due_within_10_ms_fire_together_at_the_next_multiple()
    {
        var scheduler = new TimerScheduler(_clock);
        Pass(TimeSpan.FromMilliseconds(3));
        foreach (var (name, due) in new[] { ("a", 1), ("b", 7), ("c", 8), ("d", 17) })
        {
            new OneShotTimer(scheduler, static (s, _) => ((Action)s)(), new Action(() => _fired.Add((name, (_clock.GetUtcNow() - Start).TotalMilliseconds))))
                .Start(TimeSpan.FromMilliseconds(due));
        }

        Pass(TimeSpan.FromMilliseconds(30));

        Assert.Equal([("a", 10), ("b", 10), ("c", 20), ("d", 20)], _fired);
    }

    [Fact]
    public void A_firing_carries_the_generation_it_was_taken_for_which_a_later_start_or_stop_makes_stale()
    {
        var seen = new List<(int Generation, bool Current)>();
        OneShotTimer? timer = null;
        timer = new OneShotTimer(_scheduler, static (s, g) => ((Action<int>)s)(g), new Action<int>(g => seen.Add((g, timer!.IsCurrent(g)))));
        timer.Start(TimeSpan.FromMilliseconds(100));
        Pass(TimeSpan.FromMilliseconds(200));

        var (generation, current) = Assert.Single(seen);
        Assert.True(current); // nothing touched the timer between its taking and its firing
        timer.Start(TimeSpan.FromMilliseconds(100));
        Assert.False(timer.IsCurrent(generation)); // what its owner asks of a firing that raced this start
        var started = generation + 1;
        Assert.True(timer.IsCurrent(started));
        timer.Stop();
        Assert.False(timer.IsCurrent(started));
    }

    [Fact]
    public void A_restart_replaces_the_due_time_a_stop_cancels_and_a_disposed_timer_does_not_start_again()
    {
        var restarted = Timer("restarted");
        var stopped = Timer("stopped");
        var disposed = Timer("disposed");
        restarted.Start(TimeSpan.FromMilliseconds(100));
        stopped.Start(TimeSpan.FromMilliseconds(100));
        disposed.Start(TimeSpan.FromMilliseconds(100));
        Assert.Equal(3, _scheduler.Count);

        Pass(TimeSpan.FromMilliseconds(50));
        restarted.Start(TimeSpan.FromMilliseconds(100));
        stopped.Stop();
        disposed.Dispose();
        disposed.Start(TimeSpan.FromMilliseconds(10));
        Assert.Equal(1, _scheduler.Count);

        Pass(TimeSpan.FromSeconds(1));

        Assert.Equal([("restarted", 150)], _fired);
        Assert.Equal(0, _scheduler.Count);
    }

    [Fact]
    public void A_timer_started_again_from_its_own_callback_fires_again()
    {
        var ticks = 0;
        OneShotTimer? timer = null;
        timer = new OneShotTimer(_scheduler, static (s, _) => ((Action)s)(), new Action(() =>
        {
            _fired.Add(("tick", (_clock.GetUtcNow() - Start).TotalMilliseconds));
            if (++ticks < 4)
            {
                timer!.Start(TimeSpan.FromMilliseconds(500 * ticks));
            }
        }));
        timer.Start(TimeSpan.FromMilliseconds(500));

        Pass(TimeSpan.FromSeconds(5));

        Assert.Equal([500.0, 1000, 2000, 3500], _fired.Select(f => f.At));
    }

    [Fact]
    public void A_timer_a_turn_of_the_wheel_later_than_another_in_its_slot_waits_for_its_own_turn()
    {
        var turn = TimerScheduler.Slots; // ticks of 1 ms here
        Timer("first").Start(TimeSpan.FromMilliseconds(1));
        Timer("a turn later").Start(TimeSpan.FromMilliseconds(turn + 1)); // the same slot
        Timer("two turns later").Start(TimeSpan.FromMilliseconds((2 * turn) + 1));

        Pass(TimeSpan.FromMilliseconds(turn));
        Assert.Equal([("first", 1)], _fired);
        Pass(TimeSpan.FromMilliseconds(2 * turn));

        Assert.Equal([("first", 1), ("a turn later", turn + 1), ("two turns later", (2 * turn) + 1)], _fired);
        Assert.Equal(0, _scheduler.Count);
    }

    [Fact]
    public void A_clock_that_comes_more_than_a_turn_late_fires_every_timer_due_in_due_order()
    {
        var turn = TimerScheduler.Slots;
        Timer("c").Start(TimeSpan.FromMilliseconds(turn + 1));
        Timer("b1").Start(TimeSpan.FromMilliseconds(300));
        Timer("a").Start(TimeSpan.FromMilliseconds(2));
        Timer("b2").Start(TimeSpan.FromMilliseconds(300));
        Timer("later").Start(TimeSpan.FromMilliseconds((3 * turn) + 5));

        _clock.Advance(TimeSpan.FromMilliseconds((2 * turn) + 7)); // one firing, as after a suspended machine

        var late = (2.0 * turn) + 7;
        Assert.Equal([("a", late), ("b1", late), ("b2", late), ("c", late)], _fired);
        Assert.Equal(1, _scheduler.Count);
        Pass(TimeSpan.FromMilliseconds(turn));
        Assert.Equal(("later", (3.0 * turn) + 5), _fired[^1]);
    }

    [Fact]
    public void Many_timers_started_restarted_and_stopped_at_random_fire_exactly_as_each_was_last_left()
    {
        var random = new Random(20261129);
        var timers = Enumerable.Range(0, 500).Select(i => Timer(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var expected = new Dictionary<string, double>();
        for (var step = 0; step < 5_000; step++)
        {
            var i = random.Next(timers.Length);
            var name = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (random.Next(4) == 0)
            {
                timers[i].Stop();
                expected.Remove(name);
            }
            else
            {
                var due = random.Next(1, 10_000);
                timers[i].Start(TimeSpan.FromMilliseconds(due));
                expected[name] = due;
            }
        }

        Assert.Equal(expected.Count, _scheduler.Count);
        Pass(TimeSpan.FromSeconds(11));

        Assert.Equal(expected.OrderBy(e => e.Value).Select(e => e.Value), _fired.Select(f => f.At));
        Assert.Equal(expected.ToDictionary(), _fired.ToDictionary(f => f.Name, f => f.At));
    }
}
