namespace EdgeBlocker.Proxy.Transactions;

/// <summary>RFC 3261 §17.1.1 (INVITE) and §17.1.2 (non-INVITE) client transaction states.</summary>
public enum ClientTransactionState : byte
{
    /// <summary>INVITE: sent, no response yet.</summary>
    Calling,

    /// <summary>Non-INVITE: sent, no response yet.</summary>
    Trying,
    Proceeding,
    Completed,
    Terminated,
}
