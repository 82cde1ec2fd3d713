using System.Net;
using System.Net.Sockets;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>A raw SIP client over UDP: one datagram per message.</summary>
public sealed class UdpSipClient : SipClient
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] buffer = new byte[65536];

    internal UdpSipClient(IPEndPoint remote, IPAddress local)
        : base(remote)
    {
        socket.Bind(new IPEndPoint(local, 0));
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public override IPEndPoint LocalEndPoint { get; }

    public override string Transport => "UDP";

    public override async Task SendAsync(ReadOnlyMemory<byte> message) =>
        await socket.SendToAsync(message, SocketFlags.None, RemoteEndPoint);

    public override ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override async Task<WireMessage?> ReceiveCoreAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
                if (result.ReceivedBytes == 0)
                {
                    continue;
                }
                return WireMessage.Parse(buffer.AsSpan(0, result.ReceivedBytes));
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (SocketException)
            {
                // An ICMP error reported on the socket (e.g. port unreachable): not a message; keep reading.
                if (cts.IsCancellationRequested)
                {
                    return null;
                }
            }
        }
    }
}
