namespace EdgeBlocker.Screening;

/// <summary>One rule as lists store it. <see cref="SnapshotBuilder.Add(RuleDefinition)"/> validates and compiles it.</summary>
/// <param name="Id">The rule's id in its store, named by verdicts (exact-number and DNO verdicts name the number instead).</param>
/// <param name="List">The list the rule belongs to.</param>
/// <param name="Kind">What the rule matches.</param>
/// <param name="Pattern">The kind's pattern: a number, prefix, range, peer name, address, regex or limit.</param>
/// <param name="Action">Block (default), allow (allowlist entry) or tag.</param>
/// <param name="Reason">Why, for the record and the admin page.</param>
/// <param name="EffectiveFrom">The rule matches from this time on (UTC); null: always.</param>
/// <param name="ExpiresAt">The rule stops matching at this time (UTC); null: never.</param>
/// <param name="Response">How a call it blocks is answered; 603+ by default.</param>
public sealed record RuleDefinition(
    long Id,
    string List,
    RuleKind Kind,
    string Pattern,
    RuleAction Action = RuleAction.Block,
    string? Reason = null,
    DateTimeOffset? EffectiveFrom = null,
    DateTimeOffset? ExpiresAt = null,
    ResponseCode Response = ResponseCode.NetworkBlocked603Plus);
