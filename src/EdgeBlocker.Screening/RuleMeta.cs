namespace EdgeBlocker.Screening;

/// <summary>
/// What many entries of one list share: list, kind, action, reason, response and time window. Exact numbers are stored
/// as a number plus the index of their interned <see cref="RuleMeta"/>, so create one per list (not per entry) and pass
/// the same instance to <see cref="SnapshotBuilder.AddExact"/> for every number.
/// </summary>
public sealed record RuleMeta(
    string List,
    RuleKind Kind,
    RuleAction Action,
    string? Reason = null,
    ResponseCode Response = ResponseCode.NetworkBlocked603Plus,
    DateTimeOffset? EffectiveFrom = null,
    DateTimeOffset? ExpiresAt = null)
{
    internal long FromTicks => EffectiveFrom?.UtcTicks ?? long.MinValue;

    internal long UntilTicks => ExpiresAt?.UtcTicks ?? long.MaxValue;
}
