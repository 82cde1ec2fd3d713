using System.Globalization;
using System.Net;
using System.Text;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Proxy.Routing;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Screening;
using EdgeBlocker.Sip;
using EdgeBlocker.Storage.Calls;

namespace EdgeBlocker.Hosting;

/// <summary>
/// A screened call as the SIP thread leaves it for the call writer: the decision's fields as they are (numbers, and
/// strings the configuration and the rules already hold) and the message's texts copied as bytes into a buffer of its
/// own. The writer's thread makes the <see cref="CallRecord"/> (its strings, the PASSporT claims), then the instance
/// goes back to its <see cref="CallRecorder"/> to carry another call. Filling it allocates nothing once its buffer has
/// grown to the calls' size.
/// </summary>
internal sealed class PendingCall : IPendingCallRecord
{
    private const int NoText = -1;

    private readonly CallRecorder _owner;
    private byte[] _texts = new byte[256];
    private int _callingReceived;
    private int _calledReceived;
    private int _callId;
    private int _pAssertedIdentity;
    private int _identity;
    private DateTimeOffset _time;
    private ulong _callingE164;
    private ulong _calledE164;
    private string? _peer;
    private IPEndPoint _source = null!;
    private SipTransportKind _transport;
    private string _verdict = CallVerdicts.Allow;
    private string? _rule;
    private string? _list;
    private int _responseCode;

    public PendingCall(CallRecorder owner) => _owner = owner;

    /// <summary>Takes what the record needs from the call; the message may be reused as soon as this returns.</summary>
    public void Fill(in CallAttempt attempt, in Verdict verdict, in CallDecision decision, DateTimeOffset time)
    {
        var invite = attempt.Invite;
        var hasIdentity = invite.TryGetHeader(HeaderKind.Identity, out var header);
        var identity = hasIdentity ? invite[header.Value] : default;
        var pAssertedIdentity = invite.HasPAssertedIdentity ? invite[invite.PAssertedIdentity.Value] : default;
        var callId = invite[invite.CallId];
        var length = attempt.CallingUser.Length + attempt.CalledUser.Length + callId.Length + pAssertedIdentity.Length + identity.Length;
        if (_texts.Length < length)
        {
            _texts = new byte[Math.Max(length, _texts.Length * 2)];
        }

        var at = 0;
        _callingReceived = Copy(attempt.CallingUser, ref at);
        _calledReceived = Copy(attempt.CalledUser, ref at);
        _callId = Copy(callId, ref at);
        _pAssertedIdentity = invite.HasPAssertedIdentity ? Copy(pAssertedIdentity, ref at) : NoText;
        _identity = hasIdentity ? Copy(identity, ref at) : NoText;
        _time = time;
        _callingE164 = verdict.CallingE164;
        _calledE164 = verdict.CalledE164;
        _peer = attempt.Peer;
        _source = attempt.Source;
        _transport = attempt.Transport;
        _verdict = verdict.Bypassed ? "bypass" : decision.Action switch
        {
            CallAction.Block => CallVerdicts.Block,
            CallAction.Tag => CallVerdicts.Tag,
            _ => verdict.WouldBlock ? "monitor" : CallVerdicts.Allow,
        };
        _rule = decision.Rule;
        _list = decision.List;
        _responseCode = decision.IsBlock ? BlockResponses.StatusOf(decision.Response) : 0;
    }

    public CallRecord Make()
    {
        // The texts, in the order Fill copied them.
        var at = 0;
        var callingReceived = Next(_callingReceived, ref at);
        var calledReceived = Next(_calledReceived, ref at);
        var callId = Next(_callId, ref at);
        var pAssertedIdentity = Next(_pAssertedIdentity, ref at);
        var identity = Next(_identity, ref at);
        var (attestation, origId) = PassportClaims.Read(identity);
        var record = new CallRecord
        {
            Time = _time,
            CallingNumberReceived = callingReceived,
            CallingNumber = E164(_callingE164),
            CalledNumberReceived = calledReceived,
            CalledNumber = E164(_calledE164),
            Peer = _peer,
            SourceAddress = _owner.AddressText(_source),
            Transport = _transport == SipTransportKind.Udp ? "udp" : "tcp",
            CallId = callId,
            PAssertedIdentity = pAssertedIdentity,
            Attestation = attestation,
            OrigId = origId,
            Verdict = _verdict,
            Rule = _rule,
            List = _list,
            ResponseCode = _responseCode,
        };

        _owner.Return(this);
        return record;
    }

    private int Copy(ReadOnlySpan<byte> text, ref int at)
    {
        text.CopyTo(_texts.AsSpan(at));
        at += text.Length;
        return text.Length;
    }

    private string? Next(int length, ref int at)
    {
        if (length == NoText)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(_texts, at, length);
        at += length;
        return text;
    }

    private static string? E164(ulong number) => number == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"+{number}");
}
