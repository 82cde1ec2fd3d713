using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeBlocker.IntegrationTests.Infrastructure;

namespace EdgeBlocker.IntegrationTests;

/// <summary>IPv6 on both transports, and the bounds on TCP: connection count and slow senders.</summary>
public sealed class TransportTests
{
    private static string Invite(string transport, string sentBy, int port, string caller) =>
        $"INVITE sip:{ServiceSettings.CalledNumber}@[::1]:{port} SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} {sentBy};branch=z9hG4bK-v6-{Guid.NewGuid():N}\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:{caller}@[::1]>;tag=v6\r\n" +
        $"To: <sip:{ServiceSettings.CalledNumber}@[::1]>\r\n" +
        $"Call-ID: v6-{Guid.NewGuid():N}\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static string StatusLine(byte[] buffer, int length) => Encoding.ASCII.GetString(buffer, 0, length).Split("\r\n")[0];

    [Fact]
    public async Task Over_IPv6_a_listed_caller_is_blocked_on_UDP_and_TCP()
    {
        await using var core = CoreStub.Udp(Ports.Next());
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings
        {
            Core = core.Uri,
            WithPeer = false,
            Extra = new Dictionary<string, string> { ["EdgeBlocker:Sip:BindAddress"] = "::" },
        });
        var port = service.Settings.Port;
        var buffer = new byte[4096];

        using var udp = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        var local = (IPEndPoint)udp.LocalEndPoint!;
        await udp.SendToAsync(Encoding.ASCII.GetBytes(Invite("UDP", $"[::1]:{local.Port}", port, ServiceSettings.BlockedNumber)), new IPEndPoint(IPAddress.IPv6Loopback, port));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var received = await udp.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        Assert.Equal("SIP/2.0 603 Network Blocked", StatusLine(buffer, received));

        using var tcp = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        await tcp.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, port), timeout.Token);
        var tcpLocal = (IPEndPoint)tcp.LocalEndPoint!;
        await tcp.SendAsync(Encoding.ASCII.GetBytes(Invite("TCP", $"[::1]:{tcpLocal.Port}", port, ServiceSettings.BlockedNumber)), timeout.Token);
        received = await tcp.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        Assert.Equal("SIP/2.0 603 Network Blocked", StatusLine(buffer, received));
    }

    [Fact]
    public async Task A_TCP_sender_that_never_finishes_its_message_is_disconnected()
    {
        await using var core = CoreStub.Udp(Ports.Next());
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings
        {
            Core = core.Uri,
            Extra = new Dictionary<string, string> { ["EdgeBlocker:Sip:TcpMessageTimeout"] = "00:00:01" },
        });

        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(Loopback.Peer, 0));
        await tcp.ConnectAsync(service.SipEndPoint);
        await tcp.SendAsync(Encoding.ASCII.GetBytes("INVITE sip:+18005551234@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.2:5060;branch=z9hG4bK-slow\r\n"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var started = DateTime.UtcNow;
        var read = await tcp.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token);
        Assert.Equal(0, read); // closed by the box, with nothing to say to half a message
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.8), "closed before the message timeout");
        await service.AssertAliveAsync("a slow TCP sender");
    }

    [Fact]
    public async Task TCP_connections_beyond_the_limit_are_refused_and_the_others_keep_working()
    {
        await using var core = CoreStub.Udp(Ports.Next());
        await using var service = await ServiceProcess.StartAsync(new ServiceSettings
        {
            Core = core.Uri,
            Extra = new Dictionary<string, string> { ["EdgeBlocker:Sip:MaxTcpConnections"] = "2" },
        });

        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(Loopback.Peer, 0));
                await socket.ConnectAsync(service.SipEndPoint);
                sockets.Add(socket);
                await Task.Delay(200);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            Assert.Equal(0, await sockets[2].ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token));

            var buffer = new byte[4096];
            var local = (IPEndPoint)sockets[0].LocalEndPoint!;
            await sockets[0].SendAsync(Encoding.ASCII.GetBytes(
                $"OPTIONS sip:{Loopback.Box}:{service.Settings.Port} SIP/2.0\r\nVia: SIP/2.0/TCP {local.Address}:{local.Port};branch=z9hG4bK-limit\r\nMax-Forwards: 70\r\nFrom: <sip:ping@{local.Address}>;tag=1\r\nTo: <sip:box@{Loopback.Box}>\r\nCall-ID: limit-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));
            var read = await sockets[0].ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.Equal("SIP/2.0 200 OK", StatusLine(buffer, read));
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }
}
