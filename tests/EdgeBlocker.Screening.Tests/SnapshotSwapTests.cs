using Microsoft.Extensions.Time.Testing;
using static EdgeBlocker.Screening.Tests.TestCalls;

namespace EdgeBlocker.Screening.Tests;

public class SnapshotSwapTests
{
    [Fact]
    public void Swap_replaces_the_rules_for_the_next_call()
    {
        var engine = Engine(new FakeTimeProvider(Start), Rule(RuleKind.Exact, "+12125550123", list: "v1"));
        var previous = engine.Swap(Snapshot(Rule(RuleKind.Exact, "+12125550124", list: "v2")));
        Assert.Equal(1, previous.ExactCount);
        Assert.False(engine.Call("+12125550123").WouldBlock);
        Assert.Equal("v2", engine.Call("+12125550124").List);
    }

    [Fact]
    public async Task Screening_while_another_thread_swaps_sees_one_whole_snapshot_per_call()
    {
        // In A the number is allowlisted (and blocked by prefix); in B it is blocked by exact number only. A call that
        // read parts of both would come out as a prefix block from A or an unlisted pass.
        var a = Snapshot(
            Rule(RuleKind.Exact, "+12125550123", RuleAction.Allow, list: "A-allow"),
            Rule(RuleKind.Prefix, "+1212", list: "A-prefix"));
        var b = Snapshot(Rule(RuleKind.Exact, "+12125550123", list: "B-exact"));
        var engine = new ScreeningEngine(new FakeTimeProvider(Start), new ScreeningSettings());
        engine.Swap(a);

        using var stop = new CancellationTokenSource();
        var swaps = 0;
        using var started = new ManualResetEventSlim();
        var swapper = Task.Run(() =>
        {
            started.Set();
            while (!stop.IsCancellationRequested)
            {
                engine.Swap(Interlocked.Increment(ref swaps) % 2 == 0 ? a : b);
            }
        });

        // On a loaded machine the swapper may start late: screening begins only once it runs, so the test checks
        // calls made while snapshots really change under them.
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the swapping thread did not start");

        var seenA = 0;
        var seenB = 0;
        var calls = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        for (; calls < 200_000 || (Volatile.Read(ref swaps) <= 2 && DateTime.UtcNow < deadline); calls++)
        {
            var verdict = engine.Call("+12125550123");
            if (verdict.List == "A-allow" && verdict.Action == VerdictAction.Allow && verdict.Kind == RuleKind.Exact)
            {
                seenA++;
            }
            else if (verdict.List == "B-exact" && verdict.Action == VerdictAction.Block && verdict.Kind == RuleKind.Exact)
            {
                seenB++;
            }
            else
            {
                Assert.Fail($"Mixed verdict: {verdict.Action} {verdict.Kind} {verdict.List}");
            }
        }

        stop.Cancel();
        await swapper;
        Assert.Equal(calls, seenA + seenB);
        Assert.True(Volatile.Read(ref swaps) > 2, "the swapping thread ran");
    }
}
