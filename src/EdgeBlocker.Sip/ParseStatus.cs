namespace EdgeBlocker.Sip;

/// <summary>What a parse attempt found.</summary>
public enum ParseStatus : byte
{
    /// <summary>A whole, well-formed message.</summary>
    Complete,
    /// <summary>More bytes are needed (stream transports only; a datagram is never incomplete).</summary>
    Incomplete,
    /// <summary>The bytes are not a valid SIP message; <see cref="ParseResult.Error"/> says why.</summary>
    Malformed,
}
