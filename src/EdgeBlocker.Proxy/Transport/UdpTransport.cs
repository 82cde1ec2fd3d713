using System.Net;
using System.Net.Sockets;
using EdgeBlocker.Proxy.Flood;
using EdgeBlocker.Sip;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Proxy.Transport;

/// <summary>The UDP listener: one socket, receive threads that parse each datagram into a reused message (RFC 3261 §18.1, §18.2).</summary>
public sealed partial class UdpTransport : IDisposable
{
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly SourceRateLimiter? _limiter;
    private readonly DestinationAddresses _destinations;

    private const int BufferBytes = 4 * 1024 * 1024;

    public UdpTransport(IPEndPoint bind, ILogger logger, SourceRateLimiter? limiter = null)
    {
        ArgumentNullException.ThrowIfNull(bind);
        _logger = logger;
        _limiter = limiter;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bind.AddressFamily == AddressFamily.InterNetworkV6 && bind.Address.Equals(IPAddress.IPv6Any))
        {
            _socket.DualMode = true;
        }

        // Bursts of calls arrive faster than one loop drains them for a moment; a large buffer turns them into delay, not loss.
        _socket.ReceiveBufferSize = BufferBytes;
        _socket.SendBufferSize = BufferBytes;
        if (_socket.ReceiveBufferSize < BufferBytes)
        {
            // Linux grants at most net.core.rmem_max (and reports twice what it grants): a few hundred KB by default.
            LogSmallReceiveBuffer(_socket.ReceiveBufferSize / 1024, BufferBytes / 1024);
        }

        _socket.Bind(bind);
        _destinations = new DestinationAddresses(_socket.DualMode);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams read so far, keep-alives included; the watchdog checks it moves.</summary>
    public long Received => Interlocked.Read(ref _received);

    private long _received;

    /// <summary>
    /// Bytes the receive threads allocated, from their receive to their answer (parse, screening, records queued,
    /// replies): the hot path's allocation counter, read per call in benchmarks and exported in /metrics.
    /// </summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocated);

    private long _allocated;

    /// <summary>Receive threads that run with the short scheduler slice (<see cref="SchedulerSlice"/>; 0 on kernels before 6.12).</summary>
    public int ShortSliceThreads => Volatile.Read(ref _shortSliceThreads);

    private int _shortSliceThreads;

    /// <summary>
    /// Sends a keep-alive (CRLF CRLF) from this socket to itself: the receive loop counts it in <see cref="Received"/> and
    /// drops it. The watchdog's probe: on a trunk with no traffic the count still moves while the loop is alive.
    /// </summary>
    public void SendKeepAliveToSelf()
    {
        var address = LocalEndPoint.Address;
        if (address.Equals(IPAddress.Any))
        {
            address = IPAddress.Loopback;
        }
        else if (address.Equals(IPAddress.IPv6Any))
        {
            address = IPAddress.IPv6Loopback;
        }

        Send(new IPEndPoint(address, LocalEndPoint.Port), "\r\n\r\n"u8);
    }

    /// <summary>
    /// Runs the receive loop on <paramref name="threads"/> dedicated threads that block in <c>recvfrom</c>, each with its
    /// own buffer and message, as a SIP proxy's worker processes do. Not on the thread pool: on a one- or two-core board
    /// the pool has one or two threads, and a call-record batch or a web request holding one would delay every answer
    /// behind it (measured: p99 of INVITE→reject at 200 CPS fell from 15 ms to a few ms). Each asks for the kernel's
    /// shortest time slice, so that it preempts a longer-running thread when a datagram wakes it. The task completes when the
    /// socket is disposed (the host's stop) or the token is cancelled and the next datagram or error wakes the threads.
    /// </summary>
    public Task RunReceiveThreads(ISipMessageHandler handler, int maxMessageSize, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = threads;
        for (var i = 0; i < threads; i++)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    if (SchedulerSlice.TryRequest(SchedulerSlice.Short))
                    {
                        Interlocked.Increment(ref _shortSliceThreads);
                    }

                    ReceiveLoop(handler, maxMessageSize, cancellationToken);
                }
                finally
                {
                    if (Interlocked.Decrement(ref running) == 0)
                    {
                        done.TrySetResult();
                    }
                }
            })
            {
                IsBackground = true,
                Name = "sip-udp-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            thread.Start();
        }

        return done.Task;
    }

    private void ReceiveLoop(ISipMessageHandler handler, int maxMessageSize, CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(Math.Max(maxMessageSize, 1024) + 1);
        var message = new SipMessage();
        var address = new SocketAddress(_socket.AddressFamily);
        var sources = new SourceEndPoints(_socket.AddressFamily);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        while (!cancellationToken.IsCancellationRequested)
        {
            // What the previous datagram cost (one read of this thread's allocation context; nothing when it was 0).
            var now = GC.GetAllocatedBytesForCurrentThread();
            if (now != allocated)
            {
                Interlocked.Add(ref _allocated, now - allocated);
                allocated = now;
            }

            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e) when (cancellationToken.IsCancellationRequested || e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted or SocketError.Shutdown)
            {
                break; // the socket was closed under the blocking receive: stopping
            }
            catch (SocketException e)
            {
                // ICMP errors surface here on some stacks; the socket stays usable.
                LogReceiveError(e.SocketErrorCode);
                continue;
            }

            Interlocked.Increment(ref _received);
            if (IsKeepAlive(buffer.AsSpan(0, length)))
            {
                continue;
            }

            if (_limiter is not null && !_limiter.TryAdmit(address))
            {
                // A source over its rate, or in the penalty box: dropped before it costs a parse or an answer.
                continue;
            }

            if (length > maxMessageSize)
            {
                LogOversize(length);
                continue;
            }

            var source = sources.Get(address);
            var result = SipParser.Parse(buffer.AsMemory(0, length), message, SipParseMode.Datagram);
            try
            {
                handler.OnMessage(message, result, new Remote(SipTransportKind.Udp, source));
            }
#pragma warning disable CA1031 // One bad message must never stop the receive loop; the bug is logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogHandlerFailed(e, source);
            }
        }
    }

    public void Send(IPEndPoint to, ReadOnlySpan<byte> message)
    {
        try
        {
            _socket.SendTo(message, SocketFlags.None, _destinations.Get(to));
        }
        catch (SocketException e)
        {
            LogSendFailed(to, e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // Stopping: a transaction timer (a retransmission, a health ping) fired after the socket closed. The
            // message has nowhere to go; it must not take the process down on its way out.
        }
    }

    /// <summary>
    /// An empty datagram or one of only CR and LF (up to four bytes): a NAT keep-alive as many user agents send over UDP
    /// (the CRLF keep-alive of RFC 5626 §4.4.1, and RFC 3261 §7.5 ignores CRLF before a message). Not a message: dropped
    /// without a word.
    /// </summary>
    internal static bool IsKeepAlive(ReadOnlySpan<byte> datagram) =>
        datagram.Length <= 4 && !datagram.ContainsAnyExcept((byte)'\r', (byte)'\n');

    /// <summary>IPv4 peers on a dual-mode socket arrive as ::ffff:a.b.c.d; peers and records speak of a.b.c.d.</summary>
    internal static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    public void Dispose() => _socket.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The UDP receive buffer is {Granted} KB, not the {Wanted} KB asked for: a burst of calls may lose SIP messages. Raise net.core.rmem_max (the package's /usr/lib/sysctl.d/60-edgeblocker.conf sets 4194304)")]
    private partial void LogSmallReceiveBuffer(int granted, int wanted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "UDP receive error {Error}")]
    private partial void LogReceiveError(SocketError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "UDP datagram of {Length} bytes dropped: over the message size limit")]
    private partial void LogOversize(int length);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a datagram from {Source} failed")]
    private partial void LogHandlerFailed(Exception e, IPEndPoint source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "UDP send to {Target} failed: {Error}")]
    private partial void LogSendFailed(IPEndPoint target, SocketError error);
}
