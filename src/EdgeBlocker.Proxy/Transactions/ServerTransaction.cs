using System.Diagnostics.CodeAnalysis;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Sip;

namespace EdgeBlocker.Proxy.Transactions;

/// <summary>
/// A server transaction (RFC 3261 §17.2): remembers the last response so that retransmitted requests are answered
/// with it (§17.2.1: absorb retransmissions), retransmits a final non-2xx INVITE response until its ACK arrives
/// (timer G) or gives up (timer H), and lingers to absorb late retransmissions (timers I and J).
/// </summary>
/// <remarks>
/// A transaction is made on the receive thread of its request and handled there first (<see cref="EndReceive"/> ends
/// that): meanwhile its request is the received message itself, in the receive buffer, and the transaction's lock is
/// held, so that another thread (a CANCEL or a response on another receive thread, a timer) waits for the handling to
/// end. Most requests are answered during it (every blocked call, in redirect mode every call): such a transaction
/// keeps no copy of its request, only its response. One still waiting for a final response when the handling ends (a
/// forwarded request) keeps a copy, since it is answered later, after the receive buffer holds other messages.
/// </remarks>
public sealed class ServerTransaction : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TransactionLayer _layer;
    private readonly OneShotTimer _retransmitTimer;
    private readonly OneShotTimer _endTimer;
    private SipMessage? _request;
    private byte[]? _lastResponse; // from the layer's response pool, back to it when the transaction ends
    private int _lastResponseLength;
    private TimeSpan _interval;

    /// <summary>Made on the receive thread, which holds the lock until <see cref="EndReceive"/>.</summary>
    internal ServerTransaction(TransactionLayer layer, string key, SipMessage received, Remote source, byte[] receivedText, int rport)
    {
        _lock.Enter();
        _layer = layer;
        _request = received;
        Key = key;
        Source = source;
        Received = receivedText;
        Rport = rport;
        IsInvite = received.Method == SipMethod.Invite;
        State = IsInvite ? ServerTransactionState.Proceeding : ServerTransactionState.Trying;
        _retransmitTimer = new OneShotTimer(layer.Scheduler, static t => ((ServerTransaction)t!).OnRetransmitTimer(), this);
        _endTimer = new OneShotTimer(layer.Scheduler, static t => ((ServerTransaction)t!).Terminate(), this);
        if (IsInvite)
        {
            // A transaction whose TU never answers must not live forever: after timer C plus the ring timeout it goes.
            _endTimer.Start(layer.Timers.TimerC + layer.Timers.Timeout64T1);
        }
        else
        {
            _endTimer.Start(layer.Timers.Timeout64T1);
        }
    }

    public string Key { get; }

    /// <summary>
    /// The request: during the receive thread's handling the received message itself, then the kept copy. Another
    /// thread waits for the handling to end. Throws for a transaction answered during it, which keeps no request
    /// (<see cref="TryGetRequest"/> asks).
    /// </summary>
    public SipMessage Request
    {
        get
        {
            lock (_lock)
            {
                return _request ?? throw new InvalidOperationException("A transaction answered when its request arrived keeps no copy of the request.");
            }
        }
    }

    /// <summary>Whether the transaction kept its request (or is still being handled); false once answered at once.</summary>
    public bool TryGetRequest([NotNullWhen(true)] out SipMessage? request)
    {
        lock (_lock)
        {
            request = _request;
            return request is not null;
        }
    }

    /// <summary>Where responses go: the source of the request (and its connection for TCP).</summary>
    public Remote Source { get; }

    /// <summary>The source address text for the top Via's received parameter, or empty.</summary>
    public byte[] Received { get; }

    /// <summary>The source port for the top Via's rport, or 0.</summary>
    public int Rport { get; }

    public bool IsInvite { get; }

    public ServerTransactionState State { get; private set; }

    /// <summary>The transaction that carries this request on, once forwarded.</summary>
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
            if (State is ServerTransactionState.Completed or ServerTransactionState.Confirmed or ServerTransactionState.Terminated)
            {
                if (IsInvite && status is >= 200 and < 300 && LastStatus is >= 200 and < 300)
                {
                    _layer.Sender.Send(Source, response);
                    return true;
                }

                return false;
            }

            KeepResponse(response);
            LastStatus = status;
            _layer.Sender.Send(Source, response);
            var reliable = Source.Transport == SipTransportKind.Tcp;
            if (status < 200)
            {
                State = ServerTransactionState.Proceeding;
            }
            else if (IsInvite && status < 300)
            {
                // §17.2.1: a 2xx ends the INVITE server transaction; the UAC's ACK is a separate request. We keep the
                // entry a little while (timer H) so retransmitted INVITEs still get the 2xx instead of a second call.
                State = ServerTransactionState.Completed;
                _endTimer.Start(_layer.Timers.Timeout64T1);
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

            return true;
        }
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
            _request = LastStatus < 200 ? _request!.Clone() : null;
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>Waits until the receive thread's handling has ended (at once on that thread, or after).</summary>
    public void AwaitReceive()
    {
        lock (_lock)
        {
        }
    }

    /// <summary>A retransmission of the request arrived: answer it with the last response, if any (RFC 3261 §17.2.1, §17.2.2).</summary>
    public void OnRetransmission()
    {
        lock (_lock)
        {
            if (_lastResponse is not null && State != ServerTransactionState.Terminated)
            {
                _layer.Sender.Send(Source, LastResponse);
            }
        }
    }

    /// <summary>The ACK for a final non-2xx response arrived: stop retransmitting and linger for timer I (RFC 3261 §17.2.1).</summary>
    public void OnAck()
    {
        lock (_lock)
        {
            if (State != ServerTransactionState.Completed || LastStatus < 300)
            {
                return;
            }

            State = ServerTransactionState.Confirmed;
            _retransmitTimer.Stop();
            _endTimer.Start(Source.Transport == SipTransportKind.Tcp ? TimeSpan.Zero : _layer.Timers.T4);
        }
    }

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

    private void OnRetransmitTimer()
    {
        lock (_lock)
        {
            if (State != ServerTransactionState.Completed || _lastResponse is null)
            {
                return;
            }

            // Timer G: retransmit the final response, doubling up to T2, until the ACK arrives or timer H fires.
            _layer.Sender.Send(Source, LastResponse);
            _interval = _layer.Timers.Next(_interval, capAtT2: true);
            _retransmitTimer.Start(_interval);
        }
    }

    private void Terminate()
    {
        lock (_lock)
        {
            State = ServerTransactionState.Terminated;
            _retransmitTimer.Stop();
            ReturnResponse();
        }

        _layer.Remove(this);
    }

    public void Dispose()
    {
        _retransmitTimer.Dispose();
        _endTimer.Dispose();
    }
}
