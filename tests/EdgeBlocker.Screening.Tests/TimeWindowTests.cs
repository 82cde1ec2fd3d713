using Microsoft.Extensions.Time.Testing;
using static EdgeBlocker.Screening.Tests.TestCalls;

namespace EdgeBlocker.Screening.Tests;

public class TimeWindowTests
{
    private readonly FakeTimeProvider _time = new(Start);

    [Theory]
    [InlineData(RuleKind.Exact, "+12125550123")]
    [InlineData(RuleKind.Prefix, "+1212")]
    [InlineData(RuleKind.Range, "+12125550000..+12125550999")]
    [InlineData(RuleKind.Regex, "^\\+1212")]
    public void A_rule_matches_only_between_effective_from_and_expires_at(RuleKind kind, string pattern)
    {
        // A regulator's "blocked 48 hours after notice", lifted after 30 days.
        var from = Start.AddHours(48);
        var until = from.AddDays(30);
        var engine = Engine(_time, new RuleDefinition(1, "fcc-order", kind, pattern, EffectiveFrom: from, ExpiresAt: until));

        Assert.False(engine.Call("+12125550123").WouldBlock);
        _time.SetUtcNow(from.AddTicks(-1));
        Assert.False(engine.Call("+12125550123").WouldBlock);
        _time.SetUtcNow(from);
        Assert.True(engine.Call("+12125550123").WouldBlock);
        _time.SetUtcNow(until.AddTicks(-1));
        Assert.True(engine.Call("+12125550123").WouldBlock);
        _time.SetUtcNow(until);
        Assert.False(engine.Call("+12125550123").WouldBlock);
    }

    [Fact]
    public void An_expired_entry_does_not_hide_a_current_one_for_the_same_number()
    {
        var engine = Engine(
            _time,
            new RuleDefinition(1, "old", RuleKind.Exact, "+12125550123", ExpiresAt: Start.AddHours(-1)),
            new RuleDefinition(2, "current", RuleKind.Exact, "+12125550123", EffectiveFrom: Start.AddHours(-1)));
        Assert.Equal("current", engine.Call("+12125550123").List);
    }

    [Fact]
    public void An_allow_entry_not_yet_effective_does_not_allow()
    {
        var engine = Engine(
            _time,
            new RuleDefinition(1, "allow", RuleKind.Exact, "+12125550123", RuleAction.Allow, EffectiveFrom: Start.AddMinutes(5)),
            new RuleDefinition(2, "block", RuleKind.Prefix, "+1212"));
        Assert.Equal(VerdictAction.Block, engine.Call("+12125550123").Action);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(VerdictAction.Allow, engine.Call("+12125550123").Action);
    }

    [Fact]
    public void Exact_numbers_added_in_bulk_honour_their_metas_window()
    {
        var builder = new SnapshotBuilder(new ScreeningSettings());
        var meta = new RuleMeta("bulk", RuleKind.Exact, RuleAction.Block, ExpiresAt: Start.AddMinutes(1));
        Assert.True(builder.AddExact(12125550123, meta));
        var engine = new ScreeningEngine(_time, new ScreeningSettings());
        engine.Swap(builder.Build());
        Assert.True(engine.Call("+12125550123").WouldBlock);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(engine.Call("+12125550123").WouldBlock);
    }
}
