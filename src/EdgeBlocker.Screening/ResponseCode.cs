namespace EdgeBlocker.Screening;

/// <summary>How a blocked call is answered.</summary>
public enum ResponseCode : byte
{
    /// <summary><c>603 Network Blocked</c> with the ATIS-1000099 Reason header carrying the redress contact ("603+"). The default.</summary>
    NetworkBlocked603Plus,

    /// <summary><c>607 Unwanted</c> (RFC 8197).</summary>
    Unwanted607,

    /// <summary><c>608 Rejected</c> with a Call-Info jCard URL (RFC 8688).</summary>
    Rejected608,

    /// <summary>Plain <c>603 Decline</c> (RFC 3261 §21.6.2).</summary>
    Decline603,
}
