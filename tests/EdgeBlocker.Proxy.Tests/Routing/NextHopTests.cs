using System.Net;
using System.Text;
using EdgeBlocker.Proxy.Routing;

namespace EdgeBlocker.Proxy.Tests.Routing;

public sealed class NextHopTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("[::1]", "::1", true)]
    [InlineData("[2001:DB8::7]", "2001:db8::7", true)] // hex digits in either case
    [InlineData("[2001:db8:0:0:0:0:0:7]", "2001:db8::7", true)] // another spelling, parsed
    [InlineData("10.0.0.1", "127.0.0.1", false)]
    [InlineData("127.0.0.10", "127.0.0.1", false)]
    [InlineData("carrier.example", "127.0.0.1", false)]
    [InlineData("", "127.0.0.1", false)]
    public void A_via_host_is_the_source_when_it_names_the_same_address(string viaHost, string source, bool same) =>
        Assert.Equal(same, NextHop.SameHost(Encoding.ASCII.GetBytes(viaHost), IPAddress.Parse(source)));

    [Fact]
    public void A_via_host_written_as_the_source_reads_is_told_without_allocating()
    {
        var host = "198.51.100.7"u8.ToArray();
        var source = IPAddress.Parse("198.51.100.7");
        NextHop.SameHost(host, source); // JIT out of the measurement
        var before = GC.GetAllocatedBytesForCurrentThread();
        var same = NextHop.SameHost(host, source);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(same);
    }
}
