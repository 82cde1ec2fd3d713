using System.Collections.Concurrent;
using System.Text;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Screening;

namespace EdgeBlocker.Hosting;

/// <summary>
/// The proxy's policy, answered by the screening engine: a call attempt becomes <see cref="CallFacts"/>, the
/// <see cref="Verdict"/> becomes a <see cref="CallDecision"/>. Allocation-free per call: rule and list names are the
/// snapshot's strings, and tag header lines are made once per rule.
/// </summary>
public sealed class ScreeningPolicy : ICallPolicy
{
    private static readonly string[] KindNames = Enum.GetValues<RuleKind>().Select(k => k.ToString().ToLowerInvariant()).ToArray();

    private readonly ScreeningEngine _engine;
    private readonly ICallRecorder? _recorder;
    private readonly string _tagHeader;
    private readonly ConcurrentDictionary<(string? List, RuleKind? Kind, string? Rule), byte[]> _tagLines = new();

    public ScreeningPolicy(ScreeningEngine engine, ICallRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _recorder = recorder;
        _tagHeader = engine.Settings.TagHeader;
    }

    public ScreeningEngine Engine => _engine;

    public CallDecision Decide(in CallAttempt attempt)
    {
        var verdict = _engine.Screen(new CallFacts(attempt.CallingUser, attempt.CalledUser, attempt.Peer, attempt.Source.Address));
        var decision = verdict.Action switch
        {
            VerdictAction.Block => new CallDecision(CallAction.Block, ToBlockResponse(verdict.Response), RuleName(verdict), verdict.List),
            VerdictAction.Tag => new CallDecision(CallAction.Tag, ToBlockResponse(verdict.Response), RuleName(verdict), verdict.List, TagLine(verdict)),
            _ => verdict.WouldBlock ? new CallDecision(CallAction.Allow, ToBlockResponse(verdict.Response), RuleName(verdict), verdict.List) : CallDecision.Allow,
        };
        _recorder?.Record(attempt, verdict, decision);
        return decision;
    }

    /// <summary>The rule as records and logs name it: its pattern, or its kind for list entries (exact, dno).</summary>
    public static string? RuleName(in Verdict verdict) =>
        verdict.Rule ?? (verdict.Kind is { } kind ? KindNames[(int)kind] : null);

    public static BlockResponse ToBlockResponse(ResponseCode code) => code switch
    {
        ResponseCode.Unwanted607 => BlockResponse.Unwanted607,
        ResponseCode.Rejected608 => BlockResponse.Rejected608,
        ResponseCode.Decline603 => BlockResponse.Decline603,
        _ => BlockResponse.NetworkBlocked603Plus,
    };

    private byte[] TagLine(in Verdict verdict) =>
        _tagLines.GetOrAdd((verdict.List, verdict.Kind, verdict.Rule), static (key, header) =>
            Encoding.UTF8.GetBytes($"{header}: tag;list={Token(key.List)};rule={Token(key.Rule ?? (key.Kind is { } k ? KindNames[(int)k] : null))}\r\n"), _tagHeader);

    /// <summary>Keeps a header parameter value a token: list and rule names are the admin's text.</summary>
    private static string Token(string? text) =>
        string.IsNullOrEmpty(text) ? "none" : new string([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '+' ? c : '_')]);
}
