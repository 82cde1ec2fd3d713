using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeBlocker.Proxy.Flood;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Proxy.Transport;

/// <summary>
/// The TCP listener and the table of open connections, accepted and outbound (RFC 3261 §18). Connections are bounded
/// in number, closed when idle, and closed when a message does not arrive whole in time (a slow sender holds nothing).
/// </summary>
public sealed partial class TcpTransport : IDisposable
{
    private readonly Socket _listener;
    private readonly ConcurrentDictionary<IPEndPoint, TcpConnection> _connections = new();
    private readonly ILogger _logger;
    private readonly TcpLimits _limits;
    private readonly SourceRateLimiter? _limiter;
    private ISipMessageHandler? _handler;
    private CancellationToken _stopping;

    public TcpTransport(IPEndPoint bind, TcpLimits limits, ILogger logger, SourceRateLimiter? limiter = null)
    {
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(limits);
        _logger = logger;
        _limits = limits;
        _limiter = limiter;
        _listener = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6 && bind.Address.Equals(IPAddress.IPv6Any))
        {
            _listener.DualMode = true;
        }

        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(bind);
        _listener.Listen(512);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public int ConnectionCount => _connections.Count;

    public async Task AcceptLoopAsync(ISipMessageHandler handler, CancellationToken cancellationToken)
    {
        _handler = handler;
        _stopping = cancellationToken;
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException e)
            {
                LogAcceptFailed(e.SocketErrorCode);
                continue;
            }

            var remote = UdpTransport.Normalize((IPEndPoint)socket.RemoteEndPoint!);
            if (_connections.Count >= _limits.MaxConnections)
            {
                LogRefused(remote, _limits.MaxConnections);
                socket.Dispose();
                continue;
            }

            if (_limiter is not null && _limiter.IsPenalized(remote.Address))
            {
                socket.Dispose();
                continue;
            }

            if (CountFrom(remote.Address) >= _limits.MaxConnectionsPerSource)
            {
                // One address must not take every connection: the others' (the peers') would be refused.
                LogRefusedPerSource(remote, _limits.MaxConnectionsPerSource);
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            var connection = new TcpConnection(socket, remote, connected: true);
            Track(connection);
        }
    }

    /// <summary>Sends over <paramref name="preferred"/> when it is open, else over an open connection to the address,
    /// else over a new one.</summary>
    public void Send(IPEndPoint to, TcpConnection? preferred, ReadOnlySpan<byte> message)
    {
        if (preferred is { IsClosed: false } && preferred.Send(message))
        {
            return;
        }

        if (_connections.TryGetValue(to, out var existing) && existing.Send(message))
        {
            return;
        }

        if (_handler is null || _connections.Count >= _limits.MaxConnections)
        {
            LogNoConnection(to);
            return;
        }

        var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connection = new TcpConnection(socket, to, connected: false);
        connection.Send(message);
        // Registered at once so that messages sent while the connect is under way queue on this connection.
        _connections[to] = connection;
        _ = ConnectThenRunAsync(connection);
    }

    private async Task ConnectThenRunAsync(TcpConnection connection)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            timeout.CancelAfter(_limits.MessageTimeout);
            await connection.ConnectAsync(timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // The queued messages are lost; the client transactions' timers turn that into 408 for the caller.
            LogConnectFailed(connection.RemoteEndPoint, e.Message);
            Forget(connection);
            return;
        }

        // Responses from the peer come back on this connection: read it like an accepted one.
        await RunAsync(connection);
    }

    /// <summary>Connections open with <paramref name="address"/>. On accept only, over at most MaxConnections entries.</summary>
    private int CountFrom(IPAddress address)
    {
        var count = 0;
        foreach (var (endPoint, _) in _connections)
        {
            if (endPoint.Address.Equals(address))
            {
                count++;
            }
        }

        return count;
    }

    private void Track(TcpConnection connection)
    {
        _connections[connection.RemoteEndPoint] = connection;
        _ = RunAsync(connection);
    }

    private void Forget(TcpConnection connection)
    {
        _connections.TryRemove(new KeyValuePair<IPEndPoint, TcpConnection>(connection.RemoteEndPoint, connection));
        connection.Dispose();
    }

    private async Task RunAsync(TcpConnection connection)
    {
        try
        {
            // Yield first so the accept loop (or the sender) is not held up by the read loop's start.
            await Task.Yield();
            await connection.ReadLoopAsync(_handler!, _limiter, _limits.MaxMessageSize, _limits.IdleTimeout, _limits.MessageTimeout, e => LogHandlerFailed(e, connection.RemoteEndPoint), _stopping);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            LogConnectionFailed(connection.RemoteEndPoint, e.Message);
        }
        finally
        {
            Forget(connection);
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "TCP accept failed: {Error}")]
    private partial void LogAcceptFailed(SocketError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TCP connection from {Remote} refused: {Max} connections open")]
    private partial void LogRefused(IPEndPoint remote, int max);

    // Debug: a connection flood from one address must not become a log flood.
    [LoggerMessage(Level = LogLevel.Debug, Message = "TCP connection from {Remote} refused: {Max} connections open from its address")]
    private partial void LogRefusedPerSource(IPEndPoint remote, int max);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No TCP connection to {Remote} for a message; dropped")]
    private partial void LogNoConnection(IPEndPoint remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TCP connect to {Remote} failed: {Error}")]
    private partial void LogConnectFailed(IPEndPoint remote, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "TCP connection with {Remote} failed: {Error}")]
    private partial void LogConnectionFailed(IPEndPoint remote, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a TCP message from {Remote} failed")]
    private partial void LogHandlerFailed(Exception e, IPEndPoint remote);
}
