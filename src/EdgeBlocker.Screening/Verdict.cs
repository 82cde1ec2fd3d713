using System.Globalization;

namespace EdgeBlocker.Screening;

/// <summary>
/// The decision on one call and why. Every string is a reference held by the snapshot that decided, so making a
/// verdict allocates nothing.
/// </summary>
public readonly struct Verdict
{
    internal Verdict(
        VerdictAction action,
        bool wouldBlock,
        ResponseCode response,
        RuleKind? kind,
        string? rule,
        long ruleId,
        string? list,
        string? reason,
        ulong callingE164,
        ulong calledE164,
        CallerFact calling,
        bool bypassed,
        bool emergency)
    {
        Action = action;
        WouldBlock = wouldBlock;
        Response = response;
        Kind = kind;
        Rule = rule;
        RuleId = ruleId;
        List = list;
        Reason = reason;
        CallingE164 = callingE164;
        CalledE164 = calledE164;
        Calling = calling;
        Bypassed = bypassed;
        Emergency = emergency;
    }

    /// <summary>What to do with the call. In monitor mode a block comes out as <see cref="VerdictAction.Allow"/>.</summary>
    public VerdictAction Action { get; }

    /// <summary>The rules decided to block, whether or not the mode carried it out.</summary>
    public bool WouldBlock { get; }

    /// <summary>The block response of the deciding rule (meaningful when <see cref="WouldBlock"/>).</summary>
    public ResponseCode Response { get; }

    /// <summary>The kind of the deciding rule; null when no rule decided.</summary>
    public RuleKind? Kind { get; }

    /// <summary>The deciding rule's pattern; null when no rule decided and for exact/DNO entries, which are named by
    /// <see cref="CallingE164"/> (see <see cref="DescribeRule"/>).</summary>
    public string? Rule { get; }

    /// <summary>The deciding rule's id; 0 for exact/DNO entries and when no rule decided.</summary>
    public long RuleId { get; }

    /// <summary>The deciding rule's list (an allowlist's name when an allow rule passed the call).</summary>
    public string? List { get; }

    /// <summary>The deciding rule's reason.</summary>
    public string? Reason { get; }

    /// <summary>The calling number in E.164 digits (<c>15551230001</c>); 0 unless <see cref="Calling"/> is a number.</summary>
    public ulong CallingE164 { get; }

    /// <summary>The called number in E.164 digits; 0 when it is not a number (short codes such as 911 are not).</summary>
    public ulong CalledE164 { get; }

    /// <summary>Whether the calling user part was a number, anonymous or unparseable.</summary>
    public CallerFact Calling { get; }

    /// <summary>Screening is bypassed: the call passed without being screened.</summary>
    public bool Bypassed { get; }

    /// <summary>The called number is an emergency or never-block number: the call passed without being screened.</summary>
    public bool Emergency { get; }

    /// <summary>The deciding rule as text for logs and records (allocates; not for the hot path):
    /// <c>exact +15551230001</c>, <c>prefix +1900</c>, or null when no rule decided.</summary>
    public string? DescribeRule()
    {
        if (Kind is not { } kind)
        {
            return null;
        }

        var name = kind.ToString();
        var pattern = Rule ?? (kind is RuleKind.Exact or RuleKind.DoNotOriginate
            ? "+" + CallingE164.ToString(CultureInfo.InvariantCulture)
            : string.Empty);
        return pattern.Length == 0 ? name : name + " " + pattern;
    }
}
