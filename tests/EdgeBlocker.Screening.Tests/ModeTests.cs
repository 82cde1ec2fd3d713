using Microsoft.Extensions.Time.Testing;
using static EdgeBlocker.Screening.Tests.TestCalls;

namespace EdgeBlocker.Screening.Tests;

public class ModeTests
{
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void Monitor_mode_decides_but_blocks_nothing()
    {
        var engine = Engine(_time, new ScreeningSettings { Mode = ScreeningMode.Monitor }, Rule(RuleKind.Exact, "+12125550123", list: "scam"));
        var verdict = engine.Call("+12125550123");
        Assert.Equal(VerdictAction.Allow, verdict.Action);
        Assert.True(verdict.WouldBlock);
        Assert.Equal("scam", verdict.List);
        Assert.Equal(RuleKind.Exact, verdict.Kind);

        var clean = engine.Call("+12125550124");
        Assert.Equal(VerdictAction.Allow, clean.Action);
        Assert.False(clean.WouldBlock);
    }

    [Fact]
    public void Tag_rules_return_tag_and_name_the_rule()
    {
        var engine = Engine(_time, Rule(RuleKind.Prefix, "+1900", RuleAction.Tag, list: "suspect", reason: "premium rate"));
        var verdict = engine.Call("+19005550100");
        Assert.Equal(VerdictAction.Tag, verdict.Action);
        Assert.False(verdict.WouldBlock);
        Assert.Equal("suspect", verdict.List);
        Assert.Equal("premium rate", verdict.Reason);
        Assert.Equal("X-EdgeBlocker-Verdict", engine.Settings.TagHeader);
    }

    [Fact]
    public void Bypass_passes_every_call_and_says_so()
    {
        var engine = Engine(_time, Rule(RuleKind.Exact, "+12125550123"), Rule(RuleKind.Anonymous, ""));
        engine.Bypass = true;
        var verdict = engine.Call("+12125550123");
        Assert.Equal(VerdictAction.Allow, verdict.Action);
        Assert.True(verdict.Bypassed);
        Assert.False(verdict.WouldBlock);
        Assert.Equal(12125550123UL, verdict.CallingE164);
        Assert.True(engine.Call("anonymous").Bypassed);

        engine.Bypass = false;
        Assert.Equal(VerdictAction.Block, engine.Call("+12125550123").Action);
        Assert.False(engine.Call("+12125550123").Bypassed);
    }

    [Fact]
    public void Verdicts_carry_both_numbers()
    {
        var verdict = Engine(_time).Call("(212) 555-0123", "sip:+442079460958@core.example");
        Assert.Equal(12125550123UL, verdict.CallingE164);
        Assert.Equal(442079460958UL, verdict.CalledE164);
        Assert.Equal(CallerFact.Number, verdict.Calling);
    }
}
