namespace EdgeBlocker.Proxy.Policy;

/// <summary>A policy's verdict on one call: what to do and, for the record, which rule of which list decided it.</summary>
/// <param name="Action">Allow, block or tag.</param>
/// <param name="Response">The response for a block.</param>
/// <param name="Rule">The rule that decided, for logs and records; null when none matched.</param>
/// <param name="List">The list the rule belongs to; null when none matched.</param>
/// <param name="TagHeader">For <see cref="CallAction.Tag"/>: the whole header line (ending in CRLF) to add to the relayed
/// INVITE. Policies keep these per rule so that tagging allocates nothing per call.</param>
public readonly record struct CallDecision(CallAction Action, BlockResponse Response, string? Rule, string? List, byte[]? TagHeader = null)
{
    /// <summary>No rule matched: the call passes.</summary>
    public static readonly CallDecision Allow = new(CallAction.Allow, BlockResponse.NetworkBlocked603Plus, null, null);

    public bool IsBlock => Action == CallAction.Block;
}
