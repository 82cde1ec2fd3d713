namespace EdgeBlocker.Sip;

/// <summary>One header field line as received.</summary>
/// <param name="Kind">What the name means, compact forms included.</param>
/// <param name="Name">The field name as written (any case).</param>
/// <param name="Value">The value, leading and trailing whitespace trimmed; may span folded lines (RFC 3261 §7.3.1).</param>
/// <param name="Line">The whole field from the first byte of the name to just past the CRLF ending its last folded line:
/// what a forwarder copies to leave the field byte for byte as received.</param>
public readonly record struct SipHeader(HeaderKind Kind, TextRange Name, TextRange Value, TextRange Line);
