using System.Net;
using System.Net.Sockets;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>A raw SIP client over one TCP connection; responses come back on the same connection (RFC 3261 §18.2.2).</summary>
public sealed class TcpSipClient : SipClient
{
    private readonly Socket socket;
    private readonly SipStreamReader reader;

    private TcpSipClient(IPEndPoint remote, Socket socket)
        : base(remote)
    {
        this.socket = socket;
        reader = new SipStreamReader(socket);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public override IPEndPoint LocalEndPoint { get; }

    public override string Transport => "TCP";

    /// <summary>True once the box closed the connection.</summary>
    public bool Closed => reader.Closed;

    public override async Task SendAsync(ReadOnlyMemory<byte> message)
    {
        var sent = 0;
        while (sent < message.Length)
        {
            sent += await socket.SendAsync(message[sent..], SocketFlags.None);
        }
    }

    public override ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static async Task<TcpSipClient> ConnectAsync(IPEndPoint remote, IPAddress local)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.ConnectAsync(remote, cts.Token);
            return new TcpSipClient(remote, socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    protected override Task<WireMessage?> ReceiveCoreAsync(TimeSpan timeout) => reader.ReadAsync(timeout);
}
