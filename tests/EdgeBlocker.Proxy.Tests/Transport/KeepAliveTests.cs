using System.Text;
using EdgeBlocker.Proxy.Transport;

namespace EdgeBlocker.Proxy.Tests.Transport;

/// <summary>CRLF keep-alives (and the watchdog's probe) are dropped before parsing; anything else is a message.</summary>
public class KeepAliveTests
{
    [Theory]
    [InlineData("")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("\n")]
    public void Crlf_only_datagrams_are_keep_alives(string datagram) =>
        Assert.True(UdpTransport.IsKeepAlive(Encoding.ASCII.GetBytes(datagram)));

    [Theory]
    [InlineData("\r\n\r\n\r\n")]
    [InlineData("\r\nX")]
    [InlineData("\0\0\0\0")]
    [InlineData("OPTIONS sip:a SIP/2.0\r\n")]
    public void Anything_else_goes_to_the_parser(string datagram) =>
        Assert.False(UdpTransport.IsKeepAlive(Encoding.ASCII.GetBytes(datagram)));
}
