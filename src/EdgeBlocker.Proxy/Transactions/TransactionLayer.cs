using System.Buffers;
using System.Collections.Concurrent;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Proxy.Transactions;

/// <summary>
/// The table of live transactions and what they share: the clock, the timers and the sender. Matching follows RFC 3261
/// §17.2.3 for requests (branch, sent-by, method; ACK and CANCEL find their INVITE) and §17.1.3 for responses
/// (branch and CSeq method).
/// </summary>
public sealed class TransactionLayer
{
    /// <summary>Method names by value, for keys (the enum's values run from 0 without gaps).</summary>
    private static readonly string[] MethodNames = Enum.GetNames<SipMethod>();

    /// <summary>Ended server transactions kept to be used again: as many as 35,000 calls a second end in 50 ms.</summary>
    internal const int SpareServers = 2048;

    private readonly ServerTable _servers = new();
    private readonly Stack<ServerTransaction> _spareServers = new(SpareServers);
    private readonly Lock _spareGate = new();
    private readonly ConcurrentDictionary<string, ClientTransaction> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ClientTransaction>.AlternateLookup<ReadOnlySpan<char>> _clientsBySpan;

    public TransactionLayer(ISipSender sender, TimeProvider time, TransactionTimers timers)
    {
        Sender = sender;
        Time = time;
        Timers = timers;
        Scheduler = new TimerScheduler(time);
        _clientsBySpan = _clients.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public ISipSender Sender { get; }

    public TimeProvider Time { get; }

    public TransactionTimers Timers { get; }

    /// <summary>
    /// The buffers server transactions keep their last response in, for retransmissions: taken when a transaction
    /// answers, given back when its ACK arrives or it ends, so that a steady stream of calls answered by the box allocates none. Its
    /// stock per size is that of the ended transactions kept (<see cref="SpareServers"/>): ends come in bursts (the
    /// timers fire every 10 ms, later when the timer thread waits for the core), and at 20,000 blocked calls a second a
    /// stock of 1,024 still ran out now and then (12 bytes a call). Responses over 8 KiB, and buffers past the stock,
    /// are left to the GC.
    /// </summary>
    internal ArrayPool<byte> ResponsePool { get; } = ArrayPool<byte>.Create(maxArrayLength: 8 * 1024, maxArraysPerBucket: SpareServers);

    /// <summary>Runs the transactions' timers.</summary>
    internal TimerScheduler Scheduler { get; }

    /// <summary>Called when a client transaction ends without a final response (timer B, C or F).</summary>
    public event Action<ClientTransaction>? ClientTimedOut;

    public int ServerCount => _servers.Count;

    public int ClientCount => _clients.Count;

    /// <summary>The key of the server transaction a request belongs to; <paramref name="method"/> overrides the request's
    /// (ACK and CANCEL look for their INVITE).</summary>
    public static string ServerKey(SipMessage request, SipMethod method)
    {
        var key = new KeyBuilder(stackalloc char[256]);
        AppendServerKey(ref key, request, method);
        return key.ToString();
    }

    private static void AppendServerKey(ref KeyBuilder key, SipMessage request, SipMethod method)
    {
        ArgumentNullException.ThrowIfNull(request);
        var via = request.TopVia;
        if (via.HasMagicCookie && via.Branch.Length > 7)
        {
            key.Append(request[via.Branch]);
            key.Append('|');
            key.Append(request[via.Host]);
            key.Append(':');
            key.Append(via.Port);
        }
        else
        {
            // RFC 2543 peers send no usable branch: match on Call-ID, CSeq number, From tag and the top Via (§17.2.3).
            key.Append("2543|");
            key.Append(request[request.CallId]);
            key.Append('|');
            key.Append(request.CSeq);
            key.Append('|');
            key.Append(request[request.From.Tag]);
            key.Append('|');
            key.Append(request[via.Value]);
        }

        key.Append('|');
        key.Append(MethodNames[(int)(method == SipMethod.Ack ? SipMethod.Invite : method)]);
    }

    /// <summary>The key of the client transaction a response belongs to: our branch and the CSeq method.</summary>
    public static string ClientKey(ReadOnlySpan<byte> branch, SipMethod method)
    {
        var key = new KeyBuilder(stackalloc char[128]);
        AppendClientKey(ref key, branch, method);
        return key.ToString();
    }

    private static void AppendClientKey(ref KeyBuilder key, ReadOnlySpan<byte> branch, SipMethod method)
    {
        key.Append(branch);
        key.Append('|');
        key.Append(MethodNames[(int)method]);
    }

    /// <summary>Spare server transactions kept to be used again (see <see cref="ServerTransaction"/>'s remarks).</summary>
    public int SpareServerCount
    {
        get
        {
            lock (_spareGate)
            {
                return _spareServers.Count;
            }
        }
    }

    public ServerTransaction? FindServer(string key) => _servers.Find(key, out _);

    /// <summary>
    /// The server transaction <paramref name="request"/> belongs to (<paramref name="method"/> as in
    /// <see cref="ServerKey"/>), found by a key made on the stack, and the <paramref name="generation"/> to pass to what
    /// is done with it from this thread (see <see cref="ServerTransaction"/>'s remarks).
    /// </summary>
    public ServerTransaction? FindServer(SipMessage request, SipMethod method, out int generation)
    {
        var key = new KeyBuilder(stackalloc char[256]);
        AppendServerKey(ref key, request, method);
        var transaction = _servers.Find(key.Chars, out generation);
        key.Dispose();
        return transaction;
    }

    public ClientTransaction? FindClient(string key) => _clients.GetValueOrDefault(key);

    /// <summary>The client transaction a response with <paramref name="branch"/> and <paramref name="cseqMethod"/> belongs
    /// to, found by a key made on the stack (every response is looked up).</summary>
    public ClientTransaction? FindClient(ReadOnlySpan<byte> branch, SipMethod cseqMethod)
    {
        var key = new KeyBuilder(stackalloc char[128]);
        AppendClientKey(ref key, branch, cseqMethod);
        _clientsBySpan.TryGetValue(key.Chars, out var transaction);
        key.Dispose();
        return transaction;
    }

    /// <summary>
    /// Creates a server transaction for a new request, received in <paramref name="request"/> on this thread: the
    /// caller handles it and then calls <see cref="ServerTransaction.EndReceive"/> on this thread, which keeps a copy
    /// of the request if the transaction needs it later.
    /// </summary>
    public ServerTransaction CreateServer(SipMessage request, in Remote source, byte[] received, int rport)
    {
        ServerTransaction? transaction;
        lock (_spareGate)
        {
            _spareServers.TryPop(out transaction);
        }

        transaction ??= new ServerTransaction(this);
        var key = new KeyBuilder(stackalloc char[256]);
        AppendServerKey(ref key, request, request.Method);
        transaction.Begin(key.Chars, request, source, received, rport);
        key.Dispose();
        _servers.Add(transaction);
        return transaction;
    }

    /// <summary>Creates and starts a client transaction for a request this proxy sends on.</summary>
    public ClientTransaction StartClient(ReadOnlySpan<byte> request, in Remote destination, ServerTransaction? upstream) =>
        StartParsed(request, destination, upstream, answered: null);

    /// <summary>
    /// Creates and starts a client transaction for a request this proxy forwards, without parsing it:
    /// <paramref name="branch"/> must be the branch of its top Via and <paramref name="cseqMethod"/> its CSeq method,
    /// which make its key (the proxy wrote the one and kept the other).
    /// </summary>
    public ClientTransaction StartClient(ReadOnlySpan<byte> request, ReadOnlySpan<byte> branch, SipMethod cseqMethod, in Remote destination, ServerTransaction? upstream)
    {
        var transaction = new ClientTransaction(this, ClientKey(branch, cseqMethod), request.ToArray(), cseqMethod, parsed: null, destination, upstream);
        return Start(transaction);
    }

    /// <summary>Creates and starts a client transaction for a request the box makes itself (a health OPTIONS):
    /// <paramref name="answered"/> gets the status of every response matched to it, provisional or final.</summary>
    public ClientTransaction StartOwn(ReadOnlySpan<byte> request, in Remote destination, Action<int> answered) =>
        StartParsed(request, destination, upstream: null, answered);

    private ClientTransaction StartParsed(ReadOnlySpan<byte> request, in Remote destination, ServerTransaction? upstream, Action<int>? answered)
    {
        var bytes = request.ToArray();
        var parsed = ParseOwn(bytes);
        var key = ClientKey(parsed[parsed.TopVia.Branch], parsed.CSeqMethod);
        return Start(new ClientTransaction(this, key, bytes, parsed.CSeqMethod, parsed, destination, upstream, answered));
    }

    private ClientTransaction Start(ClientTransaction transaction)
    {
        _clients[transaction.Key] = transaction;
        transaction.Start();
        return transaction;
    }

    /// <summary>Parses a request this proxy built, which must parse.</summary>
    internal static SipMessage ParseOwn(byte[] request)
    {
        var parsed = new SipMessage();
        var result = SipParser.Parse(request, parsed, SipParseMode.Datagram);
        if (!result.IsComplete)
        {
            throw new InvalidOperationException("The proxy built a request it cannot parse: " + result.Error);
        }

        return parsed;
    }

    internal void StartCancel(ClientTransaction invite, ReadOnlySpan<byte> cancel) => StartParsed(cancel, invite.Destination, upstream: null, answered: null);

    /// <summary>Takes an ended transaction out of the table and keeps it to be used again, up to <see cref="SpareServers"/>.</summary>
    internal void Remove(ServerTransaction transaction)
    {
        _servers.Remove(transaction);
        lock (_spareGate)
        {
            if (_spareServers.Count < SpareServers)
            {
                _spareServers.Push(transaction);
                return;
            }
        }

        transaction.Dispose();
    }

    internal void Remove(ClientTransaction transaction)
    {
        _clients.TryRemove(new KeyValuePair<string, ClientTransaction>(transaction.Key, transaction));
        transaction.Dispose();
    }

    internal void OnClientTimeout(ClientTransaction transaction) => ClientTimedOut?.Invoke(transaction);
}
