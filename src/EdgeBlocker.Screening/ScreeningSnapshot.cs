using System.Net;
using System.Text.RegularExpressions;

namespace EdgeBlocker.Screening;

/// <summary>
/// An immutable set of compiled rules. Made by <see cref="SnapshotBuilder"/>, installed with
/// <see cref="ScreeningEngine.Swap"/>; read without locks by any number of threads.
/// </summary>
public sealed class ScreeningSnapshot
{
    internal ScreeningSnapshot(RuleMeta[] metas, ExactTable exact, SnapshotRules rules, NanpAreaCodes? areaCodes)
    {
        Metas = metas;
        From = [.. metas.Select(m => m.FromTicks)];
        Until = [.. metas.Select(m => m.UntilTicks)];
        Actions = [.. metas.Select(m => m.Action)];
        Kinds = [.. metas.Select(m => m.Kind)];
        Exact = exact;
        Rules = rules;
        Prefixes = new PrefixTable(rules.Prefixes);
        AreaCodes = areaCodes;
        foreach (var meta in metas.Where(m => m.Action == RuleAction.Allow))
        {
            AllowKinds |= 1 << (int)meta.Kind;
        }
    }

    /// <summary>A snapshot with no rules: every call passes.</summary>
    public static ScreeningSnapshot Empty { get; } =
        new([], new ExactTable([]), new SnapshotRules(), null);

    /// <summary>Exact-number and DNO entries.</summary>
    public int ExactCount => Exact.Count;

    /// <summary>Rules other than exact numbers and DNO entries.</summary>
    public int RuleCount => Rules.Count;

    /// <summary>Bytes held by the exact-number table (the bulk of a large snapshot).</summary>
    public long ExactTableBytes => Exact.SizeInBytes;

    internal RuleMeta[] Metas { get; }

    internal long[] From { get; }

    internal long[] Until { get; }

    internal RuleAction[] Actions { get; }

    internal RuleKind[] Kinds { get; }

    /// <summary>Bit k is set when some rule of kind k is an allow rule.</summary>
    internal int AllowKinds { get; }

    internal ExactTable Exact { get; }

    internal SnapshotRules Rules { get; }

    internal PrefixTable Prefixes { get; }

    internal NanpAreaCodes? AreaCodes { get; }

    /// <summary>Finds the rules matching one call, in precedence order, stopping once the outcome is settled.</summary>
    internal MatchAccumulator Match(ulong calling, CallerFact fact, string? peer, IPAddress? source, long utcTicks, int callingRate, int peerRate)
    {
        var found = new MatchAccumulator(this, utcTicks);
        if (fact == CallerFact.Number)
        {
            MatchNumber(calling, ref found);
            if (found.Decided(RuleKind.Range))
            {
                return found;
            }
        }

        MatchSource(peer, source, ref found);
        if (found.Decided(RuleKind.SourceAddress))
        {
            return found;
        }

        var facts = fact == CallerFact.Anonymous ? Rules.Anonymous : fact == CallerFact.Unparseable ? Rules.Unparseable : [];
        foreach (var rule in facts)
        {
            found.Offer(rule.Meta, rule);
        }

        if (fact == CallerFact.Number)
        {
            if (AreaCodes is { } areaCodes && Rules.InvalidNanp.Length > 0 && areaCodes.IsInvalid(calling))
            {
                foreach (var rule in Rules.InvalidNanp)
                {
                    found.Offer(rule.Meta, rule);
                }
            }

            if (Rules.Regexes.Length > 0 && !found.Decided(RuleKind.InvalidNanp))
            {
                MatchRegex(calling, ref found);
            }

            foreach (var rule in Rules.CallingRates)
            {
                if (callingRate > rule.Limit)
                {
                    found.Offer(rule.Meta, rule);
                }
            }
        }

        if (peer is not null)
        {
            foreach (var rule in Rules.PeerRates)
            {
                if (peerRate > rule.Limit && (rule.Peer is null || string.Equals(rule.Peer, peer, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Offer(rule.Meta, rule);
                }
            }
        }

        return found;
    }

    private void MatchNumber(ulong calling, ref MatchAccumulator found)
    {
        foreach (var meta in Exact.Find(calling))
        {
            found.Offer(meta, null);
        }

        if (found.Decided(RuleKind.DoNotOriginate))
        {
            return;
        }

        var lengths = Prefixes.LengthMask;
        if (lengths != 0)
        {
            var digits = E164.DigitCount(calling);
            for (var length = digits; length >= 1; length--)
            {
                if ((lengths & (1 << length)) == 0)
                {
                    continue;
                }

                foreach (var index in Prefixes.Find(calling / E164.PowerOfTen(digits - length)))
                {
                    var rule = Rules.Prefixes[index];
                    found.Offer(rule.Meta, rule);
                }
            }
        }

        // Ranges are sorted by their first number: stop at the first that starts above the caller.
        foreach (var rule in Rules.Ranges)
        {
            if (rule.Low > calling)
            {
                break;
            }

            if (calling <= rule.High)
            {
                found.Offer(rule.Meta, rule);
            }
        }
    }

    private void MatchSource(string? peer, IPAddress? source, ref MatchAccumulator found)
    {
        if (peer is not null)
        {
            foreach (var rule in Rules.Peers)
            {
                if (string.Equals(rule.Peer, peer, StringComparison.OrdinalIgnoreCase))
                {
                    found.Offer(rule.Meta, rule);
                }
            }
        }

        if (source is not null)
        {
            foreach (var rule in Rules.Sources)
            {
                if (rule.Block.Contains(source))
                {
                    found.Offer(rule.Meta, rule);
                }
            }
        }
    }

    private void MatchRegex(ulong calling, ref MatchAccumulator found)
    {
        Span<char> text = stackalloc char[E164.MaxDigits + 2];
        text = text[..E164.Format(calling, text)];
        foreach (var rule in Rules.Regexes)
        {
            try
            {
                if (rule.Regex!.IsMatch(text))
                {
                    found.Offer(rule.Meta, rule);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A runaway pattern must not hold up the call: it counts as no match and the engine counts it.
                found.RegexTimedOut = true;
            }
        }
    }
}
