namespace EdgeBlocker.Screening;

/// <summary>
/// Collects the matching rules of one call: the first allow, and the best block and best tag by kind precedence
/// (<see cref="RuleKind"/> declaration order; among rules of one kind the first offered wins, which is the longest
/// prefix and, for numbers listed twice, the entry added first). Rules outside their time window are ignored.
/// </summary>
internal struct MatchAccumulator
{
    private readonly ScreeningSnapshot _snapshot;
    private readonly long _now;

    public MatchAccumulator(ScreeningSnapshot snapshot, long utcTicks)
    {
        _snapshot = snapshot;
        _now = utcTicks;
        AllowMeta = BlockMeta = TagMeta = -1;
    }

    public int AllowMeta { get; private set; }

    public CompiledRule? AllowRule { get; private set; }

    public int BlockMeta { get; private set; }

    public CompiledRule? BlockRule { get; private set; }

    public int TagMeta { get; private set; }

    public CompiledRule? TagRule { get; private set; }

    public bool RegexTimedOut { get; set; }

    public void Offer(int meta, CompiledRule? rule)
    {
        var s = _snapshot;
        if (_now < s.From[meta] || _now >= s.Until[meta])
        {
            return;
        }

        switch (s.Actions[meta])
        {
            case RuleAction.Allow when AllowMeta < 0 || s.Kinds[meta] < s.Kinds[AllowMeta]:
                AllowMeta = meta;
                AllowRule = rule;
                break;
            case RuleAction.Block when BlockMeta < 0 || s.Kinds[meta] < s.Kinds[BlockMeta]:
                BlockMeta = meta;
                BlockRule = rule;
                break;
            case RuleAction.Tag when TagMeta < 0 || s.Kinds[meta] < s.Kinds[TagMeta]:
                TagMeta = meta;
                TagRule = rule;
                break;
            default:
                break;
        }
    }

    /// <summary>True when nothing left to look at can change the outcome: an allow matched, or a block matched and no
    /// kind after <paramref name="completed"/> has allow rules (a later block cannot outrank an earlier one).</summary>
    public readonly bool Decided(RuleKind completed) =>
        AllowMeta >= 0 || (BlockMeta >= 0 && _snapshot.AllowKinds >> ((int)completed + 1) == 0);
}
