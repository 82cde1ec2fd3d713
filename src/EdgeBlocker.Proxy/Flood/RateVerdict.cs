namespace EdgeBlocker.Proxy.Flood;

/// <summary>What <see cref="RateTable.Check"/> says of one message.</summary>
internal enum RateVerdict : byte
{
    /// <summary>Within the source's limit: handle it.</summary>
    Admit,

    /// <summary>Over the limit, or the source is in the penalty box: drop it without an answer.</summary>
    Drop,

    /// <summary>This message took the source over its limit and into the penalty box (not straight back after a penalty
    /// that just ended): drop it, and say so once.</summary>
    EnteredPenalty,
}
