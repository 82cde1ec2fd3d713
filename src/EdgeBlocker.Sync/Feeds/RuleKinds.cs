using EdgeBlocker.Screening;
using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Sync.Feeds;

/// <summary>How stored entry kinds and actions map to the screening engine's rules.</summary>
public static class RuleKinds
{
    private static readonly Dictionary<string, RuleKind> Kinds = new(StringComparer.Ordinal)
    {
        [ListEntryKinds.Exact] = RuleKind.Exact,
        [ListEntryKinds.Dno] = RuleKind.DoNotOriginate,
        [ListEntryKinds.Prefix] = RuleKind.Prefix,
        [ListEntryKinds.Range] = RuleKind.Range,
        [ListEntryKinds.Regex] = RuleKind.Regex,
        [ListEntryKinds.Peer] = RuleKind.Peer,
        [ListEntryKinds.SourceAddress] = RuleKind.SourceAddress,
        [ListEntryKinds.Anonymous] = RuleKind.Anonymous,
        [ListEntryKinds.Unparseable] = RuleKind.Unparseable,
        [ListEntryKinds.InvalidNanp] = RuleKind.InvalidNanp,
        [ListEntryKinds.CallingRate] = RuleKind.CallingRate,
        [ListEntryKinds.PeerRate] = RuleKind.PeerRate,
    };

    /// <summary>The engine's kind for a stored kind; null for kinds the engine does not screen on.</summary>
    public static RuleKind? ToKind(string kind) => Kinds.TryGetValue(kind, out var k) ? k : null;

    public static RuleAction ToAction(string action) => action switch
    {
        ListActions.Allow => RuleAction.Allow,
        ListActions.Tag => RuleAction.Tag,
        _ => RuleAction.Block,
    };

    public static ResponseCode ToResponse(string response) => response switch
    {
        ListActions.Response607 => ResponseCode.Unwanted607,
        ListActions.Response608 => ResponseCode.Rejected608,
        ListActions.Response603 => ResponseCode.Decline603,
        _ => ResponseCode.NetworkBlocked603Plus,
    };
}
