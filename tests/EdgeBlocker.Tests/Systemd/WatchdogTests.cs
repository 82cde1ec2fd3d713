using EdgeBlocker.Systemd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeBlocker.Tests.Systemd;

/// <summary>The watchdog pings systemd only while the receive loop takes messages, its own probes included.</summary>
public class WatchdogTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Interval = Timeout / 2;

    [Fact]
    public async Task An_idle_loop_that_takes_its_probes_keeps_the_watchdog_fed()
    {
        var (watchdog, clock, loop, notifier) = Create();
        await watchdog.StartAsync(CancellationToken.None);

        for (var i = 0; i < 5; i++)
        {
            loop.TakePending(); // no traffic: the loop only takes the watchdog's probe
            clock.Advance(Interval);
        }

        Assert.Equal(5, notifier.Sent.Count(s => s == "WATCHDOG=1"));
        Assert.Equal(6, loop.Probes); // one at start, one after each check
    }

    [Fact]
    public async Task A_wedged_loop_stops_the_pings_and_they_resume_when_it_moves_again()
    {
        var (watchdog, clock, loop, notifier) = Create();
        await watchdog.StartAsync(CancellationToken.None);
        loop.TakePending();
        clock.Advance(Interval);
        Assert.Single(notifier.Sent);

        // Wedged: stuck in a handler, the probes pile up in the socket untaken.
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(Interval);
        }

        Assert.Single(notifier.Sent);

        loop.TakePending();
        clock.Advance(Interval);
        Assert.Equal(2, notifier.Sent.Count);
    }

    [Fact]
    public async Task Traffic_counts_as_progress_even_when_a_probe_is_lost()
    {
        var (watchdog, clock, loop, notifier) = Create();
        await watchdog.StartAsync(CancellationToken.None);
        loop.Drop(); // a full socket buffer under load drops the probe
        loop.TakeCalls(100);
        clock.Advance(Interval);

        Assert.Single(notifier.Sent);
    }

    [Fact]
    public async Task Without_a_watchdog_timeout_nothing_is_sent_or_probed()
    {
        var (watchdog, clock, loop, notifier) = Create(new SystemdEnvironment("/run/notify", WatchdogTimeout: null));
        await watchdog.StartAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(notifier.Sent);
        Assert.Equal(0, loop.Probes);
    }

    [Fact]
    public async Task Stopping_ends_the_pings()
    {
        var (watchdog, clock, loop, notifier) = Create();
        await watchdog.StartAsync(CancellationToken.None);
        await watchdog.StopAsync(CancellationToken.None);
        loop.TakePending();
        clock.Advance(Interval * 3);

        Assert.Empty(notifier.Sent);
    }

    [Fact]
    public async Task Nothing_is_sent_before_the_host_has_started()
    {
        var clock = new FakeTimeProvider();
        var loop = new FakeLoop();
        var notifier = new RecordingNotifier();
        using var lifetime = new TestLifetime();
        using var watchdog = new Watchdog(new SystemdEnvironment("/run/notify", Timeout), notifier, loop, clock, lifetime, NullLogger<Watchdog>.Instance);
        await watchdog.StartAsync(CancellationToken.None);

        loop.TakePending();
        clock.Advance(Interval * 3);
        Assert.Empty(notifier.Sent);

        lifetime.Start();
        loop.TakePending();
        clock.Advance(Interval);
        Assert.Contains("WATCHDOG=1", notifier.Sent);
    }

    private static (Watchdog Watchdog, FakeTimeProvider Clock, FakeLoop Loop, RecordingNotifier Notifier) Create(SystemdEnvironment? environment = null)
    {
        var clock = new FakeTimeProvider();
        var loop = new FakeLoop();
        var notifier = new RecordingNotifier();
        var lifetime = new TestLifetime();
        lifetime.Start();
        var watchdog = new Watchdog(environment ?? new SystemdEnvironment("/run/notify", Timeout), notifier, loop, clock, lifetime, NullLogger<Watchdog>.Instance);
        return (watchdog, clock, loop, notifier);
    }

    /// <summary>A receive loop: probes queue up like datagrams in the socket; the test decides when the loop takes them.</summary>
    private sealed class FakeLoop : IReceiveHeartbeat
    {
        private int _pending;

        public long Progress { get; private set; }

        public int Probes { get; private set; }

        public void Probe()
        {
            Probes++;
            _pending++;
        }

        public void TakePending()
        {
            Progress += _pending;
            _pending = 0;
        }

        public void TakeCalls(int count) => Progress += count;

        public void Drop() => _pending = 0;
    }

    private sealed class RecordingNotifier : ISystemdNotifier
    {
        public List<string> Sent { get; } = [];

        public bool IsEnabled => true;

        public bool Notify(string state)
        {
            Sent.Add(state);
            return true;
        }
    }
}
