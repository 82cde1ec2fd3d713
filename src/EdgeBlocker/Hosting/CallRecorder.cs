using System.Net;
using System.Text;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Calls;

namespace EdgeBlocker.Hosting;

/// <summary>
/// Turns each decision, answer and hang-up into call records for the writer's queue. Never waits: a full queue drops
/// the record and the writer counts it (DESIGN "Screening, in order" step 6). A decision is queued as a
/// <see cref="PendingCall"/>, made into its record on the writer's thread and then reused: recording a screened call
/// allocates nothing on the SIP thread while the writer keeps up.
/// </summary>
public sealed class CallRecorder : ICallRecorder, ICallEvents
{
    /// <summary>
    /// Pending calls kept for reuse: what the writer's queue holds while it keeps up, a batch (1,000 records by default)
    /// and what arrives while it writes one and rests, about 230 ms at 35,000 calls a second. Past that, and while the
    /// queue holds more than the stock, pending calls are made new and left to the GC. With 2,048, a writer that kept up
    /// at 20,000 blocked calls a second left 178–190 bytes a call allocated on the SIP thread once warm (8,192: 7–12).
    /// The stock grows only as far as the queue once did (a pending call keeps a text buffer of 256 bytes or more).
    /// </summary>
    internal const int PendingStock = 8_192;

    /// <summary>Source address texts kept (<see cref="AddressText"/>): as many as the transport keeps address objects.</summary>
    private const int AddressTextsKept = 256;

    private readonly CallRecordWriter _writer;
    private readonly TimeProvider _time;
    private readonly Lock _stockGate = new();
    private readonly PendingCall[] _stock = new PendingCall[PendingStock];
    private int _stocked;

    /// <summary>
    /// The text of each source address, by the address object the transport keeps for it (a trunk's calls come from
    /// a few peers), so that a record does not format its source again. Used only where records are made, under the
    /// writer's gate, one batch at a time.
    /// </summary>
    private readonly Dictionary<IPEndPoint, string> _addressTexts = new(ReferenceEqualityComparer.Instance);

    public CallRecorder(CallRecordWriter writer, TimeProvider time)
    {
        _writer = writer;
        _time = time;
    }

    public void Record(in CallAttempt attempt, in Verdict verdict, in CallDecision decision)
    {
        var pending = Rent();
        pending.Fill(attempt, verdict, decision, _time.GetUtcNow());
        if (!_writer.TryEnqueue(pending))
        {
            Return(pending);
        }
    }

    public void OnAnswered(ReadOnlySpan<byte> callId) =>
        _writer.TryEnqueueUpdate(Encoding.UTF8.GetString(callId), _time.GetUtcNow(), null);

    public void OnEnded(ReadOnlySpan<byte> callId) =>
        _writer.TryEnqueueUpdate(Encoding.UTF8.GetString(callId), null, _time.GetUtcNow());

    /// <summary>The <c>ip:port</c> text of a call's source, as <see cref="PendingCall.Make"/> records it, under the writer's gate.</summary>
    internal string AddressText(IPEndPoint source)
    {
        if (!_addressTexts.TryGetValue(source, out var text))
        {
            if (_addressTexts.Count >= AddressTextsKept)
            {
                _addressTexts.Clear(); // the transport made new address objects, or the sources are many
            }

            _addressTexts[source] = text = source.ToString();
        }

        return text;
    }

    /// <summary>Gives a pending call back for reuse, once its record is made (or the queue turned it away).</summary>
    internal void Return(PendingCall pending)
    {
        lock (_stockGate)
        {
            if (_stocked < _stock.Length)
            {
                _stock[_stocked++] = pending;
            }
        }
    }

    private PendingCall Rent()
    {
        lock (_stockGate)
        {
            if (_stocked > 0)
            {
                var pending = _stock[--_stocked];
                _stock[_stocked] = null!;
                return pending;
            }
        }

        return new PendingCall(this);
    }
}
