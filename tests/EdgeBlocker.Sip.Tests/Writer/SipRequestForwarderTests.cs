using System.Text;

namespace EdgeBlocker.Sip.Tests.Writer;

public class SipRequestForwarderTests
{
    private const string OurVia = "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKeb1;rport\r\n";
    private const string OurRecordRoute = "Record-Route: <sip:10.0.0.1:5060;lr>\r\n";

    private static string Forward(SipMessage request, string prepend, int removeRoutes = 0, string received = "", int rport = 0)
    {
        var buffer = new byte[SipRequestForwarder.MaxLength(request, prepend.Length)];
        var edits = new ForwardEdits { PrependHeaders = Encoding.ASCII.GetBytes(prepend), Hop = new HopEdits(Encoding.ASCII.GetBytes(received), rport), RemoveRoutes = removeRoutes };
        var length = SipRequestForwarder.WriteRequest(request, edits, buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    [Fact]
    public void Adds_via_and_record_route_on_top_decrements_max_forwards_and_keeps_every_other_byte()
    {
        var (_, invite) = Msg.Parse(Msg.Invite);
        var text = Forward(invite, OurVia + OurRecordRoute, received: "198.51.100.7", rport: 5062);
        var expected = Msg.Invite
            .Replace("SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKabc123;rport\r\n", "SIP/2.0\r\n" + OurVia + OurRecordRoute + "Via: SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKabc123;received=198.51.100.7;rport=5062\r\n", StringComparison.Ordinal)
            .Replace("Max-Forwards: 69", "Max-Forwards: 68", StringComparison.Ordinal);
        Assert.Equal(expected, text);
    }

    [Fact]
    public void A_request_without_max_forwards_gets_70()
    {
        var (_, request) = Msg.Parse(Msg.Invite.Replace("Max-Forwards: 69\r\n", string.Empty, StringComparison.Ordinal));
        var (result, forwarded) = Msg.Parse(Forward(request, OurVia));
        Assert.True(result.IsComplete, result.Error);
        Assert.Equal(70, forwarded.MaxForwards);
    }

    [Theory]
    [InlineData("Route: <sip:10.0.0.1;lr>, <sip:core.example;lr>\r\n", 1, "Route: <sip:core.example;lr>\r\n")]
    [InlineData("Route: <sip:10.0.0.1;lr>\r\nRoute: <sip:core.example;lr>\r\n", 1, "Route: <sip:core.example;lr>\r\n")]
    [InlineData("Route: <sip:10.0.0.1;transport=tcp;lr>\r\nRoute: <sip:10.0.0.1;lr>, <sip:core.example;lr>\r\n", 2, "Route: <sip:core.example;lr>\r\n")]
    [InlineData("Route: <sip:10.0.0.1;lr>\r\n", 1, "")]
    public void Removes_the_route_values_that_named_this_proxy(string routes, int remove, string left)
    {
        var (_, bye) = Msg.Parse(Msg.Request(routes, method: "BYE"));
        var text = Forward(bye, OurVia, remove);
        var (result, forwarded) = Msg.Parse(text);
        Assert.True(result.IsComplete, result.Error);
        var remaining = string.Concat(forwarded.Headers.ToArray().Where(h => h.Kind == HeaderKind.Route).Select(h => Encoding.UTF8.GetString(forwarded[h.Line])));
        Assert.Equal(left, remaining);
    }

    [Fact]
    public void A_relayed_response_loses_only_the_top_via_value()
    {
        var response =
            "SIP/2.0 180 Ringing\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKeb1;rport=5060, SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKabc123\r\n" +
            "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
        var (_, message) = Msg.Parse(response);
        var buffer = new byte[SipRequestForwarder.MaxLength(message, 0)];
        var text = Encoding.UTF8.GetString(buffer, 0, SipRequestForwarder.WriteResponse(message, buffer));
        Assert.Equal(response.Replace("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKeb1;rport=5060, ", string.Empty, StringComparison.Ordinal), text);
    }
}
