namespace EdgeBlocker.Screening;

/// <summary>
/// Screens calls against the current <see cref="ScreeningSnapshot"/>. Order: bypass; emergency and never-block called
/// numbers; then the rules, where any allow rule passes the call and otherwise the best block rule, else the best tag
/// rule, decides (precedence: <see cref="RuleKind"/>). Thread-safe and lock-free: the snapshot is read once per call
/// and replaced whole by <see cref="Swap"/>; rate counters are updated with interlocked operations. No I/O, and no
/// allocation for numbers the NANP fast path reads.
/// </summary>
public sealed class ScreeningEngine
{
    private const int CallingRateWidth = 16_384;
    private const int PeerRateWidth = 256;

    private readonly TimeProvider _time;
    private readonly PhoneNumberNormalizer _normalizer;
    private readonly EmergencyNumbers _emergency;
    private readonly RateCounter _callingRate = new(CallingRateWidth);
    private readonly RateCounter _peerRate = new(PeerRateWidth);
    private readonly bool _monitor;
    private ScreeningSnapshot _snapshot = ScreeningSnapshot.Empty;
    private bool _bypass;
    private long _regexTimeouts;

    /// <exception cref="ArgumentException">The settings are invalid; the message names each key.</exception>
    public ScreeningEngine(TimeProvider time, ScreeningSettings settings)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(settings));
        }

        _time = time;
        Settings = settings;
        _normalizer = new PhoneNumberNormalizer(settings.DefaultRegion);
        _emergency = new EmergencyNumbers(settings.NeverBlock, _normalizer);
        _monitor = settings.Mode == ScreeningMode.Monitor;
    }

    public ScreeningSettings Settings { get; }

    /// <summary>The snapshot calls are screened against now.</summary>
    public ScreeningSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>When set, every call passes unscreened and its verdict says <see cref="Verdict.Bypassed"/>.</summary>
    public bool Bypass
    {
        get => Volatile.Read(ref _bypass);
        set => Volatile.Write(ref _bypass, value);
    }

    /// <summary>Regex matches abandoned at <see cref="ScreeningSettings.RegexTimeout"/> (each counted as no match).</summary>
    public long RegexTimeouts => Interlocked.Read(ref _regexTimeouts);

    /// <summary>Installs <paramref name="snapshot"/> for every call screened from now on; returns the one it replaces.
    /// Calls already being screened finish with the snapshot they started with.</summary>
    public ScreeningSnapshot Swap(ScreeningSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Interlocked.Exchange(ref _snapshot, snapshot);
    }

    /// <summary>Decides one call.</summary>
    public Verdict Screen(in CallFacts facts)
    {
        // One read: the whole decision comes from one snapshot even while sync swaps in another.
        var snapshot = Volatile.Read(ref _snapshot);
        var fact = _normalizer.Normalize(facts.CallingUser, out var calling);
        _ = _normalizer.Normalize(facts.CalledUser, out var called);

        if (Bypass)
        {
            return new Verdict(VerdictAction.Allow, false, default, null, null, 0, null, null, calling, called, fact, bypassed: true, emergency: false);
        }

        if (_emergency.Contains(facts.CalledUser, called))
        {
            return new Verdict(VerdictAction.Allow, false, default, null, null, 0, null, null, calling, called, fact, bypassed: false, emergency: true);
        }

        var now = _time.GetUtcNow().UtcTicks;
        // Calls are counted only while some rule reads the count: the counters cost more than the rest of a decision.
        var callingRate = fact == CallerFact.Number && snapshot.Rules.CallingRates.Length > 0 ? _callingRate.Increment(calling, now) : 0;
        var peerRate = facts.Peer is { } peer && snapshot.Rules.PeerRates.Length > 0 ? _peerRate.Increment(PeerKey(peer), now) : 0;
        var found = snapshot.Match(calling, fact, facts.Peer, facts.Source, now, callingRate, peerRate);
        if (found.RegexTimedOut)
        {
            Interlocked.Increment(ref _regexTimeouts);
        }

        if (found.AllowMeta >= 0)
        {
            return Decide(snapshot, VerdictAction.Allow, wouldBlock: false, found.AllowMeta, found.AllowRule, calling, called, fact);
        }

        if (found.BlockMeta >= 0)
        {
            var action = _monitor ? VerdictAction.Allow : VerdictAction.Block;
            return Decide(snapshot, action, wouldBlock: true, found.BlockMeta, found.BlockRule, calling, called, fact);
        }

        if (found.TagMeta >= 0)
        {
            return Decide(snapshot, VerdictAction.Tag, wouldBlock: false, found.TagMeta, found.TagRule, calling, called, fact);
        }

        return new Verdict(VerdictAction.Allow, false, default, null, null, 0, null, null, calling, called, fact, bypassed: false, emergency: false);
    }

    /// <summary>Calls counted from <paramref name="e164"/> in about the last minute (for the admin page and tests).</summary>
    public int CallingRate(ulong e164) => _callingRate.Peek(e164, _time.GetUtcNow().UtcTicks);

    private static Verdict Decide(ScreeningSnapshot snapshot, VerdictAction action, bool wouldBlock, int metaIndex, CompiledRule? rule, ulong calling, ulong called, CallerFact fact)
    {
        var meta = snapshot.Metas[metaIndex];
        return new Verdict(action, wouldBlock, meta.Response, meta.Kind, rule?.Pattern, rule?.Id ?? 0, meta.List, meta.Reason, calling, called, fact, bypassed: false, emergency: false);
    }

    private static ulong PeerKey(string peer) => (uint)string.GetHashCode(peer, StringComparison.OrdinalIgnoreCase);
}
