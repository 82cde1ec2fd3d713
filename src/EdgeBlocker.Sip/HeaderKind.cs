namespace EdgeBlocker.Sip;

/// <summary>
/// The header fields the proxy reads or edits. Every other header is <see cref="Unknown"/> and is kept byte for byte.
/// Compact forms (RFC 3261 §7.3.3) map to the same kind as their long names.
/// </summary>
public enum HeaderKind : byte
{
    Unknown,
    Via,
    From,
    To,
    CallId,
    CSeq,
    MaxForwards,
    ContentLength,
    ContentType,
    Contact,
    Route,
    RecordRoute,
    PAssertedIdentity,
    Identity,
    Require,
    ProxyRequire,
    Supported,
    Reason,
    Expires,
    Date,
    /// <summary>Subject (compact <c>s</c>).</summary>
    Subject,
    /// <summary>Content-Encoding (compact <c>e</c>).</summary>
    ContentEncoding,
    /// <summary>Event (RFC 6665, compact <c>o</c>).</summary>
    Event,
    /// <summary>Allow-Events (RFC 6665, compact <c>u</c>).</summary>
    AllowEvents,
    /// <summary>Refer-To (RFC 3515, compact <c>r</c>).</summary>
    ReferTo,
    /// <summary>Referred-By (RFC 3892, compact <c>b</c>).</summary>
    ReferredBy,
    /// <summary>Session-Expires (RFC 4028, compact <c>x</c>).</summary>
    SessionExpires,
    /// <summary>Privacy (RFC 3323): whether the caller asked for its identity to be withheld.</summary>
    Privacy,
}
