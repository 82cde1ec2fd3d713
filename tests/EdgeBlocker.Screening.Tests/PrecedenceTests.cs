using Microsoft.Extensions.Time.Testing;
using static EdgeBlocker.Screening.Tests.TestCalls;

namespace EdgeBlocker.Screening.Tests;

public class PrecedenceTests
{
    private readonly FakeTimeProvider _time = new(Start);

    /// <summary>Every kind that can match +12125550123 from gateway-x at 203.0.113.5, one list per kind.</summary>
    private static RuleDefinition[] AllKinds() =>
    [
        Rule(RuleKind.CallingRate, "1", list: "rate", id: 11),
        Rule(RuleKind.PeerRate, "1", list: "peer-rate", id: 12),
        Rule(RuleKind.Regex, @"^\+1212", list: "regex", id: 10),
        Rule(RuleKind.SourceAddress, "203.0.113.0/24", list: "source", id: 6),
        Rule(RuleKind.Peer, "gateway-x", list: "peer", id: 5),
        Rule(RuleKind.Range, "+12125550000..+12125559999", list: "range", id: 4),
        Rule(RuleKind.Prefix, "+1212", list: "prefix", id: 3),
        Rule(RuleKind.DoNotOriginate, "+12125550123", list: "dno", id: 2),
        Rule(RuleKind.Exact, "+12125550123", list: "exact", id: 1),
    ];

    [Fact]
    public void The_documented_kind_order_decides_between_matching_block_rules()
    {
        // Remove the winner each time: the next kind in precedence order must take over.
        string[] expected = ["exact", "dno", "prefix", "range", "peer", "source", "regex", "rate", "peer-rate"];
        var rules = AllKinds().ToList();
        foreach (var list in expected)
        {
            var engine = Engine(new FakeTimeProvider(Start), [.. rules]);
            engine.Call("+12125550123", peer: "gateway-x", source: "203.0.113.5");
            var verdict = engine.Call("+12125550123", peer: "gateway-x", source: "203.0.113.5");
            Assert.Equal(list, verdict.List);
            Assert.Equal(VerdictAction.Block, verdict.Action);
            rules.RemoveAll(r => r.List == list);
        }
    }

    [Fact]
    public void Invalid_NANP_outranks_regex_and_rate()
    {
        var engine = Engine(
            _time,
            Rule(RuleKind.Regex, ".", list: "regex"),
            Rule(RuleKind.InvalidNanp, "", list: "invalid"),
            Rule(RuleKind.CallingRate, "1", list: "rate"));
        engine.Call("+19995550123");
        Assert.Equal("invalid", engine.Call("+19995550123").List);
    }

    [Fact]
    public void A_block_outranks_a_tag_of_a_higher_kind()
    {
        var engine = Engine(
            _time,
            Rule(RuleKind.Exact, "+12125550123", RuleAction.Tag, list: "suspect"),
            Rule(RuleKind.Prefix, "+1212", list: "blocked-prefix"));
        var verdict = engine.Call("+12125550123");
        Assert.Equal(VerdictAction.Block, verdict.Action);
        Assert.Equal("blocked-prefix", verdict.List);
    }

    [Theory]
    [InlineData(RuleKind.Exact, "+12125550123")]
    [InlineData(RuleKind.Prefix, "+1")]
    [InlineData(RuleKind.Range, "+12125550000..+12125550999")]
    [InlineData(RuleKind.Peer, "carrier-a")]
    [InlineData(RuleKind.SourceAddress, "198.51.100.0/24")]
    [InlineData(RuleKind.Regex, "0123$")]
    public void The_allowlist_overrides_every_block(RuleKind allowKind, string allowPattern)
    {
        var engine = Engine(
            _time,
            [.. AllKinds(), Rule(RuleKind.InvalidNanp, "", list: "invalid"), Rule(allowKind, allowPattern, RuleAction.Allow, list: "allowlist", id: 99)]);
        engine.Call("+12125550123", peer: "carrier-a", source: "198.51.100.1");
        var verdict = engine.Call("+12125550123", peer: "carrier-a", source: "198.51.100.1");
        Assert.Equal(VerdictAction.Allow, verdict.Action);
        Assert.False(verdict.WouldBlock);
        Assert.Equal("allowlist", verdict.List);
        Assert.Equal(allowKind, verdict.Kind);
    }

    [Theory]
    [InlineData("911")]
    [InlineData("933")]
    [InlineData("sip:911@psap.example;user=phone")]
    [InlineData("911;phone-context=+1")]
    public void Emergency_calls_pass_even_from_blocked_callers(string called)
    {
        var engine = Engine(
            _time,
            Rule(RuleKind.Exact, "+12125550123"),
            Rule(RuleKind.Prefix, "+1"),
            Rule(RuleKind.Anonymous, ""),
            Rule(RuleKind.Peer, "gateway-x"));
        foreach (var calling in new[] { "+12125550123", "anonymous" })
        {
            var verdict = engine.Call(calling, called, peer: "gateway-x");
            Assert.Equal(VerdictAction.Allow, verdict.Action);
            Assert.True(verdict.Emergency);
            Assert.False(verdict.WouldBlock);
            Assert.Null(verdict.Kind);
        }

        Assert.Equal(VerdictAction.Block, engine.Call("+12125550123", "+12125550100").Action);
        Assert.Equal(VerdictAction.Block, engine.Call("+12125550123", "9112").Action);
    }

    [Fact]
    public void Configured_never_block_numbers_pass_as_called_numbers()
    {
        var settings = new ScreeningSettings { NeverBlock = ["+18002738255", "988", "112"] };
        var engine = Engine(_time, settings, Rule(RuleKind.Prefix, "+1"));
        Assert.True(engine.Call("+12125550123", "1-800-273-8255").Emergency);
        Assert.True(engine.Call("+12125550123", "988").Emergency);
        Assert.True(engine.Call("+12125550123", "112").Emergency);
        Assert.Equal(VerdictAction.Allow, engine.Call("+12125550123", "988").Action);
        Assert.Equal(VerdictAction.Block, engine.Call("+12125550123", "+18002738256").Action);
        Assert.Equal(VerdictAction.Block, engine.Call("+12125550123", "98").Action);
    }

    [Fact]
    public void Emergency_numbers_pass_even_when_listed_as_called_numbers_would_be()
    {
        // 911 as a calling-number entry must not stop 911 as a called number from passing.
        var engine = Engine(_time, Rule(RuleKind.Exact, "+12125550123"), Rule(RuleKind.Prefix, "+1911"));
        Assert.True(engine.Call("+12125550123", "911").Emergency);
    }
}
