using System.Globalization;
using System.Text;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Proxy.Routing;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Screening;
using EdgeBlocker.Sip;
using EdgeBlocker.Storage.Calls;

namespace EdgeBlocker.Hosting;

/// <summary>
/// Turns each decision, answer and hang-up into call records for the writer's queue. Never waits: a full queue drops
/// the record and the writer counts it (DESIGN "Screening, in order" step 6).
/// </summary>
public sealed class CallRecorder : ICallRecorder, ICallEvents
{
    private readonly CallRecordWriter _writer;
    private readonly TimeProvider _time;

    public CallRecorder(CallRecordWriter writer, TimeProvider time)
    {
        _writer = writer;
        _time = time;
    }

    public void Record(in CallAttempt attempt, in Verdict verdict, in CallDecision decision)
    {
        var invite = attempt.Invite;
        var identity = invite.TryGetHeader(HeaderKind.Identity, out var header) ? invite.GetString(header.Value) : null;
        var (attestation, origId) = PassportClaims.Read(identity);
        _writer.TryEnqueue(new CallRecord
        {
            Time = _time.GetUtcNow(),
            CallingNumberReceived = Encoding.UTF8.GetString(attempt.CallingUser),
            CallingNumber = E164(verdict.CallingE164),
            CalledNumberReceived = Encoding.UTF8.GetString(attempt.CalledUser),
            CalledNumber = E164(verdict.CalledE164),
            Peer = attempt.Peer,
            SourceAddress = attempt.Source.ToString(),
            Transport = attempt.Transport == SipTransportKind.Udp ? "udp" : "tcp",
            CallId = invite.GetString(invite.CallId),
            PAssertedIdentity = invite.HasPAssertedIdentity ? invite.GetString(invite.PAssertedIdentity.Value) : null,
            Attestation = attestation,
            OrigId = origId,
            Verdict = verdict.Bypassed ? "bypass" : decision.Action switch
            {
                CallAction.Block => CallVerdicts.Block,
                CallAction.Tag => CallVerdicts.Tag,
                _ => verdict.WouldBlock ? "monitor" : CallVerdicts.Allow,
            },
            Rule = decision.Rule,
            List = decision.List,
            ResponseCode = decision.IsBlock ? BlockResponses.StatusOf(decision.Response) : 0,
        });
    }

    public void OnAnswered(ReadOnlySpan<byte> callId) =>
        _writer.TryEnqueueUpdate(Encoding.UTF8.GetString(callId), _time.GetUtcNow(), null);

    public void OnEnded(ReadOnlySpan<byte> callId) =>
        _writer.TryEnqueueUpdate(Encoding.UTF8.GetString(callId), null, _time.GetUtcNow());

    /// <summary>"+" and the digits, made as one string (this runs for every call, on the SIP thread).</summary>
    private static string? E164(ulong number) =>
        number == 0 ? null : string.Create(CultureInfo.InvariantCulture, stackalloc char[24], $"+{number}");
}
