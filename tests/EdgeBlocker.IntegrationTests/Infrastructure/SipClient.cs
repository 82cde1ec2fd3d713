using System.Net;
using System.Text;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// A raw SIP endpoint on loopback for tests that need exact bytes: send a message, read what comes back with a
/// timeout. Every message received is kept in <see cref="Received"/> for failure messages.
/// </summary>
public abstract class SipClient : IAsyncDisposable
{
    private readonly List<WireMessage> received = [];

    protected SipClient(IPEndPoint remote) => RemoteEndPoint = remote;

    /// <summary>Where messages go (the box).</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>This socket's address: what a Via sent-by must name for UDP responses to come back here.</summary>
    public abstract IPEndPoint LocalEndPoint { get; }

    /// <summary>"UDP" or "TCP", as written in a Via.</summary>
    public abstract string Transport { get; }

    /// <summary>host:port of <see cref="LocalEndPoint"/>.</summary>
    public string SentBy => $"{LocalEndPoint.Address}:{LocalEndPoint.Port}";

    /// <summary>Everything received so far, in order.</summary>
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

    /// <summary>A UDP socket bound to <paramref name="local"/> (default: the trunk peer address), ephemeral port.</summary>
    public static UdpSipClient Udp(IPEndPoint remote, IPAddress? local = null) => new(remote, local ?? Loopback.Peer);

    /// <summary>A TCP connection from <paramref name="local"/> (default: the trunk peer address).</summary>
    public static Task<TcpSipClient> ConnectTcpAsync(IPEndPoint remote, IPAddress? local = null) =>
        TcpSipClient.ConnectAsync(remote, local ?? Loopback.Peer);

    public Task SendAsync(string message) => SendAsync(Encoding.Latin1.GetBytes(message));

    public abstract Task SendAsync(ReadOnlyMemory<byte> message);

    /// <summary>The next message, or null if none arrives within <paramref name="timeout"/>.</summary>
    public async Task<WireMessage?> ReceiveAsync(TimeSpan timeout)
    {
        var message = await ReceiveCoreAsync(timeout);
        if (message is not null)
        {
            lock (received)
            {
                received.Add(message);
            }
        }
        return message;
    }

    /// <summary>
    /// Reads until a response matching <paramref name="match"/> arrives; fails the test with what did arrive
    /// when none does within <paramref name="timeout"/>.
    /// </summary>
    public async Task<WireMessage> ExpectAsync(Func<WireMessage, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var message = left > TimeSpan.Zero ? await ReceiveAsync(left) : null;
            if (message is null)
            {
                Assert.Fail($"expected {what} within {timeout.TotalSeconds:0.#} s over {Transport}; received {Describe(Received)}");
            }
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>The first final (≥200) response to the request with <paramref name="callId"/>, skipping provisionals.</summary>
    public Task<WireMessage> ExpectFinalAsync(string callId, TimeSpan timeout) =>
        ExpectAsync(m => m.IsFinal && m.CallId == callId, timeout, $"a final response for Call-ID {callId}");

    /// <summary>Everything that arrives within <paramref name="window"/>.</summary>
    public async Task<IReadOnlyList<WireMessage>> CollectAsync(TimeSpan window)
    {
        var list = new List<WireMessage>();
        var deadline = DateTime.UtcNow + window;
        while (DateTime.UtcNow < deadline)
        {
            var message = await ReceiveAsync(deadline - DateTime.UtcNow);
            if (message is null)
            {
                break;
            }
            list.Add(message);
        }
        return list;
    }

    /// <summary>One line per message: its start line and Call-ID, for failure messages.</summary>
    public static string Describe(IEnumerable<WireMessage> messages)
    {
        var lines = messages.Select(m => $"\n  {m.StartLine} (Call-ID {m.CallId}, CSeq {m.Header("CSeq")})").ToList();
        return lines.Count == 0 ? "nothing" : string.Concat(lines);
    }

    public abstract ValueTask DisposeAsync();

    protected abstract Task<WireMessage?> ReceiveCoreAsync(TimeSpan timeout);
}
