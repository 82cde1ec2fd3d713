namespace EdgeBlocker.Proxy.Transactions;

/// <summary>RFC 3261 §17.2.1 (INVITE, with RFC 6026's Accepted) and §17.2.2 (non-INVITE) server transaction states.</summary>
public enum ServerTransactionState : byte
{
    /// <summary>Non-INVITE: received, nothing sent yet.</summary>
    Trying,
    Proceeding,
    Completed,

    /// <summary>INVITE: the ACK for a non-2xx final response arrived.</summary>
    Confirmed,
    Terminated,

    /// <summary>INVITE: a 2xx was sent (RFC 6026 §7.1); retransmitted INVITEs are absorbed until timer L.</summary>
    Accepted,
}
