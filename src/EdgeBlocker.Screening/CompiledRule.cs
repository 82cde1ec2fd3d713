using System.Text.RegularExpressions;

namespace EdgeBlocker.Screening;

/// <summary>A non-exact rule ready for matching. Which fields mean something depends on the kind of its meta.</summary>
/// <param name="Meta">Index of its <see cref="RuleMeta"/> in the snapshot.</param>
/// <param name="Pattern">The pattern as defined: what verdicts name.</param>
/// <param name="Id">The definition's id.</param>
internal sealed record CompiledRule(int Meta, string Pattern, long Id)
{
    /// <summary>Prefix digits, or a range's first number.</summary>
    public ulong Low { get; init; }

    /// <summary>A range's last number.</summary>
    public ulong High { get; init; }

    /// <summary>A peer rule's peer, or a peer-rate rule's peer (null: every peer).</summary>
    public string? Peer { get; init; }

    public CidrBlock Block { get; init; }

    public Regex? Regex { get; init; }

    /// <summary>A rate rule's calls per minute; the call that goes over matches.</summary>
    public int Limit { get; init; }
}
