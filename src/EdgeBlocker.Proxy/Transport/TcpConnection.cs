using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using EdgeBlocker.Proxy.Flood;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Proxy.Transport;

/// <summary>
/// One TCP connection, accepted or opened toward a peer. Reads frame messages by Content-Length (RFC 3261 §18.3);
/// writes are serialised so that two messages never interleave.
/// </summary>
public sealed class TcpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly Lock _writeLock = new();
    private readonly CancellationTokenSource _closed = new();
    private List<byte[]>? _pendingUntilConnected;

    internal TcpConnection(Socket socket, IPEndPoint remote, bool connected)
    {
        _socket = socket;
        RemoteEndPoint = remote;
        if (!connected)
        {
            _pendingUntilConnected = [];
        }
    }

    public IPEndPoint RemoteEndPoint { get; }

    public bool IsClosed => _closed.IsCancellationRequested;

    internal CancellationToken ClosedToken => _closed.Token;

    /// <summary>Sends a whole message, or queues it while an outbound connect is under way.</summary>
    internal bool Send(ReadOnlySpan<byte> message)
    {
        lock (_writeLock)
        {
            if (IsClosed)
            {
                return false;
            }

            if (_pendingUntilConnected is not null)
            {
                _pendingUntilConnected.Add(message.ToArray());
                return true;
            }

            return SendLocked(message);
        }
    }

    private bool SendLocked(ReadOnlySpan<byte> message)
    {
        try
        {
            while (!message.IsEmpty)
            {
                var sent = _socket.Send(message, SocketFlags.None);
                message = message[sent..];
            }

            return true;
        }
        catch (SocketException)
        {
            Close();
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Completes an outbound connect and flushes what was queued meanwhile.</summary>
    internal async Task ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _socket.ConnectAsync(RemoteEndPoint, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Close();
            throw;
        }

        lock (_writeLock)
        {
            var pending = _pendingUntilConnected!;
            _pendingUntilConnected = null;
            foreach (var message in pending)
            {
                if (!SendLocked(message))
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Reads messages until the peer closes, the connection idles out, a message takes too long to arrive whole, or
    /// the framing breaks (which cannot be resynchronised on a stream: RFC 4475 §3.1.2.3).
    /// </summary>
    internal async Task ReadLoopAsync(ISipMessageHandler handler, SourceRateLimiter? limiter, int maxMessageSize, TimeSpan idleTimeout, TimeSpan messageTimeout, Action<Exception> onHandlerError, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        var reader = PipeReader.Create(new NetworkStream(_socket, ownsSocket: false), new StreamPipeReaderOptions(bufferSize: 16 * 1024));
        var message = new SipMessage();
        var source = new Remote(SipTransportKind.Tcp, RemoteEndPoint, this);
        var partial = false;
        var key = SourceKey.From(RemoteEndPoint.Address);
        try
        {
            while (!linked.IsCancellationRequested)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
                timeout.CancelAfter(partial ? messageTimeout : idleTimeout);
                ReadResult read;
                try
                {
                    read = await reader.ReadAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                var buffer = read.Buffer;
                while (true)
                {
                    var framed = SipStreamFramer.TryFrame(buffer, maxMessageSize, out var bytes, out var consumed);
                    if (framed.Status == ParseStatus.Malformed)
                    {
                        return;
                    }

                    buffer = buffer.Slice(consumed);
                    if (framed.Status == ParseStatus.Incomplete)
                    {
                        break;
                    }

                    if (limiter is not null && !limiter.TryAdmit(key))
                    {
                        if (limiter.IsPenalized(key))
                        {
                            // A stranger in the penalty box: close rather than keep reading its flood.
                            return;
                        }

                        continue;
                    }

                    var result = SipParser.Parse(bytes.ToArray(), message, SipParseMode.Stream);
                    try
                    {
                        handler.OnMessage(message, result, source);
                    }
#pragma warning disable CA1031 // One bad message must never kill the connection's loop; the bug is logged.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        onHandlerError(e);
                    }
                }

                partial = !buffer.IsEmpty;
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // The peer reset the connection: nothing to do but close.
        }
        finally
        {
            await reader.CompleteAsync();
            Close();
        }
    }

    public void Close()
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }

        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone.
        }
        catch (ObjectDisposedException)
        {
            // Already gone.
        }

        _socket.Dispose();
    }

    public void Dispose()
    {
        Close();
        _closed.Dispose();
    }
}
