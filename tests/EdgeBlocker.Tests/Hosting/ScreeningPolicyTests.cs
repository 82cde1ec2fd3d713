using System.Net;
using System.Text;
using EdgeBlocker.Hosting;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Screening;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Tests.Hosting;

public class ScreeningPolicyTests
{
    private static readonly SipMessage Invite = new();

    private static ScreeningPolicy Policy(ScreeningMode mode = ScreeningMode.Enforce, params RuleDefinition[] rules)
    {
        var settings = new ScreeningSettings { Mode = mode };
        var engine = new ScreeningEngine(TimeProvider.System, settings);
        var builder = new SnapshotBuilder(settings);
        builder.AddExact(12025550143UL, new RuleMeta("config", RuleKind.Exact, RuleAction.Block, "listed", ResponseCode.Unwanted607));
        builder.AddRange(rules);
        engine.Swap(builder.Build());
        return new ScreeningPolicy(engine);
    }

    private static CallDecision Decide(ScreeningPolicy policy, string calling, string called = "+13105550100") =>
        policy.Decide(new CallAttempt(Invite, Encoding.ASCII.GetBytes(calling), Encoding.ASCII.GetBytes(called), "carrier-a", new IPEndPoint(IPAddress.Loopback, 5060), SipTransportKind.Udp));

    [Fact]
    public void A_listed_caller_is_blocked_in_any_format_naming_rule_and_list()
    {
        var policy = Policy();
        var decision = Decide(policy, "(202) 555-0143");
        Assert.Equal(CallAction.Block, decision.Action);
        Assert.Equal(BlockResponse.Unwanted607, decision.Response);
        Assert.Equal("config", decision.List);
        Assert.Equal("exact", decision.Rule);
        Assert.Equal(CallAction.Allow, Decide(policy, "+12025550144").Action);
        Assert.Equal(CallAction.Allow, Decide(policy, "anonymous").Action);
    }

    [Theory]
    [InlineData("911")]
    [InlineData("933")]
    public void Emergency_calls_pass_even_from_a_listed_caller(string called) =>
        Assert.Equal(CallAction.Allow, Decide(Policy(), "+12025550143", called).Action);

    [Fact]
    public void Monitor_mode_allows_but_names_the_rule_that_would_have_blocked()
    {
        var decision = Decide(Policy(ScreeningMode.Monitor), "+12025550143");
        Assert.Equal(CallAction.Allow, decision.Action);
        Assert.Equal("config", decision.List);
    }

    [Fact]
    public void A_tag_rule_relays_with_the_verdict_header_made_once()
    {
        var policy = Policy(rules: new RuleDefinition(7, "suspects", RuleKind.Prefix, "1310555", RuleAction.Tag));
        var first = Decide(policy, "+13105550199");
        var second = Decide(policy, "+13105550198");
        Assert.Equal(CallAction.Tag, first.Action);
        Assert.Equal("X-EdgeBlocker-Verdict: tag;list=suspects;rule=1310555\r\n", Encoding.ASCII.GetString(first.TagHeader!));
        Assert.Same(first.TagHeader, second.TagHeader);
    }
}
