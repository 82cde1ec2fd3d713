using System.Net;
using System.Net.Sockets;
using EdgeBlocker.Proxy.Transport;

namespace EdgeBlocker.Proxy.Tests.Transport;

public sealed class DestinationAddressesTests
{
    [Fact]
    public void A_destination_sent_to_again_gets_the_same_address_made_once()
    {
        var destinations = new DestinationAddresses(dualMode: false);
        var first = destinations.Get(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5060));
        var again = destinations.Get(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5060));
        var other = destinations.Get(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5061));

        Assert.Same(first, again);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5060).Serialize(), first);
        Assert.NotEqual(first, other);

        var before = GC.GetAllocatedBytesForCurrentThread();
        destinations.Get(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5060) is var to ? to : null!);
        var made = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        destinations.Get(to);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(made > 0); // the endpoint made for the lookup, not an address
    }

    [Fact]
    public void On_a_dual_mode_socket_an_IPv4_destination_is_sent_to_as_mapped_IPv6()
    {
        var destinations = new DestinationAddresses(dualMode: true);
        var address = destinations.Get(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5060));

        Assert.Equal(AddressFamily.InterNetworkV6, address.Family);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 5060).Serialize(), address);
        Assert.Equal(AddressFamily.InterNetworkV6, destinations.Get(new IPEndPoint(IPAddress.IPv6Loopback, 5060)).Family);
    }

    [Fact]
    public void The_map_never_holds_more_than_its_capacity_and_still_answers_correctly_after_starting_afresh()
    {
        var destinations = new DestinationAddresses(dualMode: false);
        for (var i = 0; i < DestinationAddresses.Capacity * 3; i++)
        {
            var to = new IPEndPoint(IPAddress.Loopback, 1024 + i);
            Assert.Equal(to.Serialize(), destinations.Get(to));
        }

        Assert.True(destinations.Count <= DestinationAddresses.Capacity);
    }
}
