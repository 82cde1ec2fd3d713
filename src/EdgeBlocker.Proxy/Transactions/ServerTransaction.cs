using System.Diagnostics.CodeAnalysis;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Proxy.Transactions;

/// <summary>
/// A server transaction (RFC 3261 §17.2): remembers the last response so that retransmitted requests are answered
/// with it (§17.2.1: absorb retransmissions), retransmits a final non-2xx INVITE response until its ACK arrives
/// (timer G) or gives up (timer H), and lingers to absorb late retransmissions (timers I and J; an INVITE the proxy
/// answered itself ends at its ACK instead, see <see cref="Routing.LocalTags"/>). After a 2xx to an
/// INVITE it is Accepted (RFC 6026 §7.1) for 64*T1 (timer L): it passes on the 2xx retransmissions the UAS sends
/// until its ACK, and absorbs retransmitted INVITEs without answering them, so it keeps no copy of the 2xx.
/// </summary>
/// <remarks>
/// A transaction is made on the receive thread of its request and handled there first (<see cref="EndReceive"/> ends
/// that): meanwhile its request is the received message itself, in the receive buffer, and the transaction's lock is
/// held, so that another thread (a CANCEL or a response on another receive thread, a timer) waits for the handling to
/// end. Most requests are answered during it (every blocked call, in redirect mode every call): such a transaction
/// keeps no copy of its request, only its response. One still waiting for a final response when the handling ends (a
/// forwarded request) keeps a copy, since it is answered later, after the receive buffer holds other messages, until
/// its final response.
/// <para>
/// DESIGN: a transaction is used again when it ends (see <see cref="TransactionLayer"/>): its object, lock, timers
/// and key buffer, which were most of what a call allocated, and for a relayed call most of what the heap kept, since a
/// relayed INVITE's and BYE's transactions linger 32 s. Its <see cref="Generation"/> counts its lives. Whatever may
/// hold it from another thread names the life it means: a thread that found it in the table gets the generation with
/// it (<see cref="OnRetransmission"/>, <see cref="OnAck"/>, <see cref="ForCancel"/>, <see cref="TryGetUnanswered"/>),
/// its client transaction keeps the one it carries on (<see cref="ClientTransaction.UpstreamGeneration"/>), and a timer
/// firing carries its own; each is checked under the lock, so an operation meant for an ended life does nothing to the
/// next.
/// </para>
/// </remarks>
public sealed class ServerTransaction : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TransactionLayer _layer;
    private readonly OneShotTimer _retransmitTimer;
    private readonly OneShotTimer _endTimer;
    private char[] _key = [];
    private int _keyLength;
    private SipMessage? _request; // the received message during the handling; after it, the copy once parsed
    private byte[]? _copy; // the request's bytes, kept past the handling until its final response
    private bool _initialInvite; // an INVITE without a To tag: its first 2xx answers a call
    private bool _handling; // from Begin to EndReceive: the request is the received message itself
    private byte[]? _lastResponse; // from the layer's response pool, back to it at the ACK or when the transaction ends
    private int _lastResponseLength;
    private TimeSpan _interval;

    /// <summary>Made for its first life, which <see cref="Begin"/> starts.</summary>
    internal ServerTransaction(TransactionLayer layer)
    {
        _layer = layer;
        _retransmitTimer = new OneShotTimer(layer.Scheduler, static (t, g) => ((ServerTransaction)t).OnRetransmitTimer(g), this);
        _endTimer = new OneShotTimer(layer.Scheduler, static (t, g) => ((ServerTransaction)t).OnEndTimer(g), this);
    }

    /// <summary>
    /// Starts a life of the transaction, for <paramref name="received"/> under <paramref name="key"/>, on the receive
    /// thread, which holds the lock from here until <see cref="EndReceive"/>.
    /// </summary>
    internal void Begin(ReadOnlySpan<char> key, SipMessage received, in Remote source, byte[] receivedText, int rport)
    {
        _lock.Enter();
        Generation++;
        if (_key.Length < key.Length)
        {
            // Room for the next life's key too, which is much the same length (the same peer's branches, one counter
            // longer now and then).
            _key = new char[key.Length + 16];
        }

        key.CopyTo(_key);
        _keyLength = key.Length;
        KeyHash = string.GetHashCode(key);
        _request = received;
        _copy = null;
        _initialInvite = received.Method == SipMethod.Invite && received.To.Tag.IsEmpty;
        _handling = true;
        Source = source;
        Received = receivedText;
        Rport = rport;
        IsInvite = received.Method == SipMethod.Invite;
        State = IsInvite ? ServerTransactionState.Proceeding : ServerTransactionState.Trying;
        Downstream = null;
        LastStatus = 0;
        _interval = default;
    }

    /// <summary>The key (made for the asking: the table compares <see cref="KeyChars"/>).</summary>
    public string Key => new(KeyChars);

    internal ReadOnlySpan<char> KeyChars => _key.AsSpan(0, _keyLength);

    internal int KeyHash { get; private set; }

    /// <summary>The table's chain (<see cref="ServerTable"/>), changed under its lock.</summary>
    internal ServerTransaction? NextInBucket;

    /// <summary>Whether the table holds this transaction now; changed under the table's lock.</summary>
    internal bool InTable { get; set; }

    /// <summary>Which life of the transaction this is (see the remarks); changed only by <see cref="Begin"/>.</summary>
    internal int Generation { get; private set; }

    /// <summary>
    /// The request: during the receive thread's handling the received message itself, then the kept copy. Another
    /// thread waits for the handling to end. Throws once the transaction has its final response and the handling has
    /// ended, when it keeps no request (<see cref="TryGetRequest"/> asks).
    /// </summary>
    public SipMessage Request
    {
        get
        {
            lock (_lock)
            {
                return KeptRequest() ?? throw new InvalidOperationException("A finally answered transaction keeps no copy of its request.");
            }
        }
    }

    /// <summary>Whether the transaction keeps its request (or is still being handled); false once finally answered.</summary>
    public bool TryGetRequest([NotNullWhen(true)] out SipMessage? request)
    {
        lock (_lock)
        {
            request = KeptRequest();
            return request is not null;
        }
    }

    /// <summary>
    /// The request and the edits for its responses' top Via, while the life found with <paramref name="generation"/>
    /// has no final response: for a response made on another thread than the handling one (a CANCEL's 487, a timed-out
    /// branch's 408), or a look at the request a relayed response answers.
    /// </summary>
    public bool TryGetUnanswered(int generation, [NotNullWhen(true)] out SipMessage? request, out HopEdits hop)
    {
        lock (_lock)
        {
            request = IsLive(generation) && LastStatus < 200 ? KeptRequest() : null;
            hop = request is null ? default : new HopEdits(Received, Rport);
            return request is not null;
        }
    }

    /// <summary>Whether the life found with <paramref name="generation"/> is an initial INVITE (no To tag) without a final response yet.</summary>
    public bool AwaitsAnswer(int generation)
    {
        lock (_lock)
        {
            return _initialInvite && IsLive(generation) && LastStatus < 200;
        }
    }

    /// <summary>
    /// The request under the lock: the received message during the handling, after it the kept copy, parsed on first
    /// use (most forwarded requests are answered by their branch and never need it); null once finally answered.
    /// </summary>
    private SipMessage? KeptRequest()
    {
        if (_request is null && _copy is not null)
        {
            _request = new SipMessage();
            var result = SipParser.Parse(_copy, _request, SipParseMode.Datagram); // the bytes exactly, as received
            if (!result.IsComplete)
            {
                throw new InvalidOperationException("A received request did not parse again: " + result.Error);
            }
        }

        return _request;
    }

    /// <summary>Where responses go: the source of the request (and its connection for TCP).</summary>
    public Remote Source { get; private set; }

    /// <summary>The source address text for the top Via's received parameter, or empty.</summary>
    public byte[] Received { get; private set; } = [];

    /// <summary>The source port for the top Via's rport, or 0.</summary>
    public int Rport { get; private set; }

    public bool IsInvite { get; private set; }

    public ServerTransactionState State { get; private set; }

    /// <summary>The transaction that carries this request on, once forwarded; set during the handling.</summary>
    public ClientTransaction? Downstream { get; set; }

    /// <summary>The status of the last response sent, 0 for none.</summary>
    public int LastStatus { get; private set; }

    /// <summary>
    /// Sends a response upstream and moves the state machine. A final response after a final response is not sent
    /// (except 2xx to INVITE, which a proxy passes on statelessly: RFC 3261 §16.7 step 5); returns whether it was sent.
    /// </summary>
    public bool Respond(ReadOnlySpan<byte> response, int status)
    {
        lock (_lock)
        {
            return RespondLocked(response, status);
        }
    }

    /// <summary>
    /// As <see cref="Respond(ReadOnlySpan{byte}, int)"/>, from another thread than the handling one, for the life found
    /// with <paramref name="generation"/>: nothing is sent once it has ended.
    /// </summary>
    public bool Respond(ReadOnlySpan<byte> response, int status, int generation)
    {
        lock (_lock)
        {
            return IsLive(generation) && RespondLocked(response, status);
        }
    }

    private bool RespondLocked(ReadOnlySpan<byte> response, int status)
    {
        if (State is ServerTransactionState.Completed or ServerTransactionState.Accepted or ServerTransactionState.Confirmed or ServerTransactionState.Terminated)
        {
            if (IsInvite && status is >= 200 and < 300 && LastStatus is >= 200 and < 300)
            {
                _layer.Sender.Send(Source, response); // RFC 6026 §7.1: the UAS's 2xx retransmissions pass
                return true;
            }

            return false;
        }

        LastStatus = status;
        var reliable = Source.Transport == SipTransportKind.Tcp;
        if (IsInvite && status is >= 200 and < 300)
        {
            // RFC 6026 §7.1: Accepted until timer L. The UAC's ACK is a request of its own, the UAS retransmits
            // its 2xx until it arrives, and a retransmitted INVITE is absorbed rather than relayed as a second
            // call: the 2xx is not kept. At 4,000 relayed calls a second, kept for 32 s, that was 128,000 buffers.
            ReturnResponse();
            _layer.Sender.Send(Source, response);
            State = ServerTransactionState.Accepted;
            _endTimer.Start(_layer.Timers.Timeout64T1);
        }
        else
        {
            KeepResponse(response);
            _layer.Sender.Send(Source, response);
            if (status < 200)
            {
                State = ServerTransactionState.Proceeding;
            }
            else if (IsInvite)
            {
                State = ServerTransactionState.Completed;
                if (!reliable)
                {
                    _interval = _layer.Timers.T1;
                    _retransmitTimer.Start(_interval);
                }

                _endTimer.Start(_layer.Timers.Timeout64T1);
            }
            else
            {
                State = ServerTransactionState.Completed;
                _endTimer.Start(reliable ? TimeSpan.Zero : _layer.Timers.Timeout64T1);
            }
        }

        if (status >= 200 && !_handling)
        {
            // Finally answered: retransmissions get the kept response (none after a 2xx), nothing else is built
            // from the request, and a CANCEL has nothing left to cancel. The copy and the downstream branch (with
            // its own copy) go now rather than with the transaction, which lingers 32 s: at 3,000 relayed calls a
            // second the service peaked at 1,000 MB keeping them, and at 490 MB without.
            _request = null;
            _copy = null;
            Downstream = null;
        }

        return true;
    }

    /// <summary>
    /// Ends the handling on the receive thread (the lock taken when the transaction was made is released): without a
    /// final response yet, the transaction keeps a copy of its request, which outlives the receive buffer; answered, it
    /// keeps none.
    /// </summary>
    public void EndReceive()
    {
        try
        {
            _handling = false;
            if (LastStatus >= 200)
            {
                _request = null; // its final response started the timers that end it
                return;
            }

            // A transaction whose TU never answers must not live forever: an INVITE goes after timer C plus the ring
            // timeout, another request after 64*T1. Started here rather than when the transaction began, since most
            // are answered during their handling (every blocked call), and their response starts the end timer.
            _endTimer.Start(IsInvite ? _layer.Timers.TimerC + _layer.Timers.Timeout64T1 : _layer.Timers.Timeout64T1);
            // A copy of the bytes only: it is parsed if something needs its fields (a 408 or 487 made here), and the
            // parse that a full copy cost on the receive thread went to waste for nearly every forwarded request.
            _copy = _request!.Buffer.ToArray();
            _request = null;
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>
    /// A retransmission of the request arrived: answer it with the last response, if any (RFC 3261 §17.2.1, §17.2.2).
    /// <paramref name="generation"/> is the one it was found with; for an ended life, nothing is sent.
    /// </summary>
    public void OnRetransmission(int generation)
    {
        lock (_lock)
        {
            if (IsLive(generation) && _lastResponse is not null)
            {
                _layer.Sender.Send(Source, LastResponse);
            }
        }
    }

    /// <summary>
    /// An ACK arrived for the INVITE of this transaction, found with <paramref name="generation"/>. For a final non-2xx
    /// response, retransmissions stop and the transaction lingers for timer I (RFC 3261 §17.2.1), or, with
    /// <paramref name="endNow"/> (the caller absorbs this ACK's retransmissions without it), ends at once. Returns the
    /// status of the last response sent (0 for none), or -1 when the life it was found in has ended: the ACK then has
    /// no transaction.
    /// </summary>
    public int OnAck(int generation, bool endNow = false)
    {
        int status;
        lock (_lock)
        {
            if (!IsLive(generation))
            {
                return -1;
            }

            status = LastStatus;
            if (State != ServerTransactionState.Completed || status < 300)
            {
                return status;
            }

            if (!endNow)
            {
                // §17.2.1: Confirmed only absorbs ACKs, so the response is not needed any more. Its buffer goes back
                // now rather than after timer I, 5 s later.
                State = ServerTransactionState.Confirmed;
                ReturnResponse();
                _retransmitTimer.Stop();
                _endTimer.Start(Source.Transport == SipTransportKind.Tcp ? TimeSpan.Zero : _layer.Timers.T4);
                return status;
            }

            _endTimer.Stop();
            EndLocked();
        }

        _layer.Remove(this);
        return status;
    }

    /// <summary>
    /// What a CANCEL, which found this INVITE's transaction with <paramref name="generation"/>, may act on, once the
    /// INVITE's handling on its receive thread has ended. <paramref name="downstream"/> is the forwarded branch to
    /// cancel, if any. <see cref="CancelTarget.Unanswered"/> and <see cref="CancelTarget.Forwarded"/> name a
    /// transaction that is never used again, so the CANCEL may go on with it outside the lock.
    /// </summary>
    public CancelTarget ForCancel(int generation, out ClientTransaction? downstream)
    {
        lock (_lock)
        {
            downstream = null;
            if (!IsLive(generation))
            {
                return CancelTarget.Gone;
            }

            if (Downstream is not null)
            {
                downstream = Downstream;
                return CancelTarget.Forwarded;
            }

            return LastStatus < 200 ? CancelTarget.Unanswered : CancelTarget.Answered;
        }
    }

    /// <summary>Whether this is still the life found with <paramref name="generation"/>, and not ended. Under the lock.</summary>
    private bool IsLive(int generation) => generation == Generation && State != ServerTransactionState.Terminated;

    private ReadOnlySpan<byte> LastResponse => _lastResponse.AsSpan(0, _lastResponseLength);

    private void KeepResponse(ReadOnlySpan<byte> response)
    {
        if (_lastResponse is null || _lastResponse.Length < response.Length)
        {
            ReturnResponse();
            _lastResponse = _layer.ResponsePool.Rent(response.Length);
        }

        response.CopyTo(_lastResponse);
        _lastResponseLength = response.Length;
    }

    private void ReturnResponse()
    {
        if (_lastResponse is not null)
        {
            _layer.ResponsePool.Return(_lastResponse);
            _lastResponse = null;
            _lastResponseLength = 0;
        }
    }

    private void OnRetransmitTimer(int generation)
    {
        lock (_lock)
        {
            if (!_retransmitTimer.IsCurrent(generation) || State != ServerTransactionState.Completed || _lastResponse is null)
            {
                return;
            }

            // Timer G: retransmit the final response, doubling up to T2, until the ACK arrives or timer H fires.
            _layer.Sender.Send(Source, LastResponse);
            _interval = _layer.Timers.Next(_interval, capAtT2: true);
            _retransmitTimer.Start(_interval);
        }
    }

    private void OnEndTimer(int generation)
    {
        lock (_lock)
        {
            if (!_endTimer.IsCurrent(generation) || State == ServerTransactionState.Terminated)
            {
                return; // a firing taken before a restart, or for a life that has ended
            }

            EndLocked();
        }

        _layer.Remove(this);
    }

    /// <summary>Ends this life: what it kept goes, and the caller then gives the transaction back to the layer. Under the lock.</summary>
    private void EndLocked()
    {
        State = ServerTransactionState.Terminated;
        _retransmitTimer.Stop();
        ReturnResponse();
        _request = null;
        _copy = null;
        Downstream = null;
        Source = default;
    }

    public void Dispose()
    {
        _retransmitTimer.Dispose();
        _endTimer.Dispose();
    }
}
