using System.Net;
using System.Text;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Screening;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Tests.Screening;

public class ConfiguredListPolicyTests
{
    private static readonly SipMessage Invite = new();

    private static CallDecision Decide(ConfiguredListPolicy policy, string calling, string called) =>
        policy.Decide(new CallAttempt(Invite, Encoding.ASCII.GetBytes(calling), Encoding.ASCII.GetBytes(called), null, new IPEndPoint(IPAddress.Loopback, 5060), SipTransportKind.Udp));

    [Fact]
    public void A_listed_caller_is_blocked_in_any_format_with_the_configured_response_and_list()
    {
        var policy = new ConfiguredListPolicy([12025550143UL], [], BlockResponse.Unwanted607);
        var decision = Decide(policy, "(202) 555-0143", "+13105550100");
        Assert.Equal(CallAction.Block, decision.Action);
        Assert.Equal(BlockResponse.Unwanted607, decision.Response);
        Assert.Equal("config", decision.List);
        Assert.Equal(CallAction.Allow, Decide(policy, "+12025550144", "+13105550100").Action);
        Assert.Equal(CallAction.Allow, Decide(policy, "anonymous", "+13105550100").Action);
    }

    [Theory]
    [InlineData("911")]
    [InlineData("933")]
    [InlineData("+13105550111")]
    public void Emergency_and_never_block_numbers_pass_even_from_a_listed_caller(string called)
    {
        var policy = new ConfiguredListPolicy([12025550143UL], ["+13105550111"], BlockResponse.NetworkBlocked603Plus);
        Assert.Equal(CallAction.Allow, Decide(policy, "+12025550143", called).Action);
    }
}
