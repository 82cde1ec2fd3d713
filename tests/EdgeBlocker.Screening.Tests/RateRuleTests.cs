using Microsoft.Extensions.Time.Testing;
using static EdgeBlocker.Screening.Tests.TestCalls;

namespace EdgeBlocker.Screening.Tests;

public class RateRuleTests
{
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void The_call_over_the_per_number_limit_is_blocked_and_the_window_slides()
    {
        var engine = Engine(_time, Rule(RuleKind.CallingRate, "3", list: "flood", reason: "more than 3 calls a minute"));
        for (var i = 0; i < 3; i++)
        {
            Assert.False(engine.Call("+12125550123").WouldBlock);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        var verdict = engine.Call("+12125550123");
        Assert.Equal(RuleKind.CallingRate, verdict.Kind);
        Assert.Equal("3", verdict.Rule);
        Assert.Equal("flood", verdict.List);
        Assert.Equal(4, engine.CallingRate(12125550123));

        // Another caller is counted apart.
        Assert.False(engine.Call("+12125550124").WouldBlock);

        // The first calls (at 0, 5 and 10 s) leave the window a minute later; the blocked one at 15 s still counts.
        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(2, engine.CallingRate(12125550123)); // the calls at 10 s and 15 s
        Assert.False(engine.Call("+12125550123").WouldBlock);
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, engine.CallingRate(12125550123));
    }

    [Fact]
    public void Peer_rate_rules_count_per_peer()
    {
        var engine = Engine(_time, Rule(RuleKind.PeerRate, "gateway-x=2", list: "peer-flood"), Rule(RuleKind.PeerRate, "5", list: "any-peer"));
        Assert.False(engine.Call("+12125550001", peer: "gateway-x").WouldBlock);
        Assert.False(engine.Call("+12125550002", peer: "gateway-x").WouldBlock);
        var third = engine.Call("+12125550003", peer: "gateway-x");
        Assert.Equal("peer-flood", third.List);
        Assert.Equal(RuleKind.PeerRate, third.Kind);

        for (var i = 0; i < 5; i++)
        {
            Assert.False(engine.Call("+1212555010" + i, peer: "carrier-a").WouldBlock);
        }

        Assert.Equal("any-peer", engine.Call("+12125550199", peer: "carrier-a").List);
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(engine.Call("+12125550004", peer: "gateway-x").WouldBlock);
    }

    [Fact]
    public void Calls_are_not_counted_while_no_rate_rule_reads_the_count()
    {
        var engine = Engine(_time, Rule(RuleKind.Exact, "+12125550199"));
        engine.Call("+12125550123");
        Assert.Equal(0, engine.CallingRate(12125550123));
        engine.Swap(Snapshot(Rule(RuleKind.CallingRate, "5")));
        engine.Call("+12125550123");
        Assert.Equal(1, engine.CallingRate(12125550123));
    }

    [Fact]
    public void Counters_survive_a_snapshot_swap()
    {
        var engine = Engine(_time, Rule(RuleKind.CallingRate, "2"));
        engine.Call("+12125550123");
        engine.Call("+12125550123");
        engine.Swap(Snapshot(Rule(RuleKind.CallingRate, "2", list: "new")));
        Assert.Equal("new", engine.Call("+12125550123").List);
    }

    [Fact]
    public void Concurrent_counting_loses_no_calls()
    {
        var engine = Engine(_time, Rule(RuleKind.CallingRate, "100000"));
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 1000; i++)
            {
                engine.Call("+12125550123");
            }
        });
        Assert.Equal(4000, engine.CallingRate(12125550123));
    }
}
