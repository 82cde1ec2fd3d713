using System.Net;
using System.Net.Sockets;
using EdgeBlocker.Proxy.Transport;

namespace EdgeBlocker.Proxy.Tests.Transport;

public sealed class SourceEndPointsTests
{
    [Fact]
    public void A_source_seen_again_gets_the_same_endpoint_and_a_mapped_IPv4_source_is_unmapped()
    {
        var sources = new SourceEndPoints(AddressFamily.InterNetworkV6);
        var received = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 5060).Serialize();

        var first = sources.Get(received);
        var again = sources.Get(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 5060).Serialize());
        var other = sources.Get(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 5061).Serialize());

        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5060), first);
        Assert.Same(first, again);
        Assert.Equal(5061, other.Port);
    }

    [Fact]
    public void The_map_never_holds_more_than_its_capacity_and_still_answers_correctly_after_starting_afresh()
    {
        var sources = new SourceEndPoints(AddressFamily.InterNetwork);
        for (var i = 0; i < SourceEndPoints.Capacity * 3; i++)
        {
            var port = 1024 + i;
            Assert.Equal(port, sources.Get(new IPEndPoint(IPAddress.Loopback, port).Serialize()).Port);
        }

        Assert.True(sources.Count <= SourceEndPoints.Capacity);
    }
}
