namespace EdgeBlocker.Sip;

/// <summary>The single-value header fields already seen in a message (RFC 3261 §7.3.1: only fields whose grammar is a
/// comma-separated list may appear more than once; RFC 4475 §3.3.8).</summary>
[Flags]
internal enum SeenHeaders
{
    None = 0,
    From = 1,
    To = 2,
    CallId = 4,
    CSeq = 8,
    MaxForwards = 16,
    ContentLength = 32,
    Via = 64,
    PAssertedIdentity = 128,
}
