namespace EdgeBlocker.Proxy.Transactions;

/// <summary>What a CANCEL finds of its INVITE's server transaction (<see cref="ServerTransaction.ForCancel"/>).</summary>
public enum CancelTarget
{
    /// <summary>The transaction it was found in has ended: as if there were none (481).</summary>
    Gone,

    /// <summary>Forwarded: its branch is cancelled, and the 487 comes back up from it.</summary>
    Forwarded,

    /// <summary>Neither answered nor forwarded: the proxy answers it 487 itself.</summary>
    Unanswered,

    /// <summary>Already finally answered: the CANCEL has no effect on it.</summary>
    Answered,
}
