using System.Net;
using System.Net.Sockets;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// Stands in for the core (softswitch) when a test needs to know what reached it: binds the core's address and
/// records every message, answering nothing. Over TCP it accepts any number of connections.
/// </summary>
public sealed class CoreStub : IAsyncDisposable
{
    private readonly List<WireMessage> received = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Socket listener;
    private readonly List<Socket> connections = [];
    private readonly Task loop;

    private CoreStub(int port, bool tcp)
    {
        Port = port;
        IsTcp = tcp;
        var endPoint = new IPEndPoint(Loopback.Core, port);
        if (tcp)
        {
            listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(endPoint);
            listener.Listen(16);
            loop = AcceptLoopAsync();
        }
        else
        {
            listener = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            listener.Bind(endPoint);
            loop = UdpLoopAsync();
        }
    }

    public int Port { get; }

    public bool IsTcp { get; }

    /// <summary>The box's setting for this core: udp:127.0.0.3:PORT or tcp:127.0.0.3:PORT.</summary>
    public string Uri => $"{(IsTcp ? "tcp" : "udp")}:{Loopback.Core}:{Port}";

    /// <summary>Number of TCP connections the box opened to this core.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (connections)
            {
                return connections.Count;
            }
        }
    }

    /// <summary>Everything received so far.</summary>
    public IReadOnlyList<WireMessage> Received
    {
        get
        {
            lock (received)
            {
                return [.. received];
            }
        }
    }

    public static CoreStub Udp(int port) => new(port, tcp: false);

    public static CoreStub Tcp(int port) => new(port, tcp: true);

    /// <summary>Requests received with this Call-ID (the box keeps the caller's Call-ID when it relays, RFC 3261 §16.6).</summary>
    public IReadOnlyList<WireMessage> ReceivedWithCallId(string callId) =>
        Received.Where(m => m.CallId == callId).ToList();

    /// <summary>Waits until a message satisfies <paramref name="match"/>; null on timeout.</summary>
    public async Task<WireMessage?> WaitForAsync(Func<WireMessage, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Received.FirstOrDefault(match);
            if (found is not null || DateTime.UtcNow >= deadline)
            {
                return found;
            }
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        lock (connections)
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
        stopping.Dispose();
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[65536];
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var result = await listener.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), stopping.Token);
                Record(WireMessage.Parse(buffer.AsSpan(0, result.ReceivedBytes)));
            }
            catch (SocketException) when (!stopping.IsCancellationRequested)
            {
                // ICMP errors surface here on Linux only for connected sockets; ignore them anyway.
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        var readers = new List<Task>();
        while (!stopping.IsCancellationRequested)
        {
            var connection = await listener.AcceptAsync(stopping.Token);
            lock (connections)
            {
                connections.Add(connection);
            }
            readers.Add(ReadConnectionAsync(connection));
        }
        await Task.WhenAll(readers);
    }

    private async Task ReadConnectionAsync(Socket connection)
    {
        var reader = new SipStreamReader(connection);
        while (!stopping.IsCancellationRequested && !reader.Closed)
        {
            var message = await reader.ReadAsync(TimeSpan.FromSeconds(1));
            if (message is not null)
            {
                Record(message);
            }
        }
    }

    private void Record(WireMessage message)
    {
        lock (received)
        {
            received.Add(message);
        }
    }
}
