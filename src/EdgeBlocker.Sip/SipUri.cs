namespace EdgeBlocker.Sip;

/// <summary>
/// A parsed SIP, SIPS or tel URI (RFC 3261 §19.1.1, RFC 3966). Ranges point into the message buffer and keep
/// %-escapes as written; <see cref="SipUriParser.Unescape"/> decodes them on demand.
/// </summary>
public readonly record struct SipUri
{
    public UriScheme Scheme { get; init; }

    /// <summary>The whole URI.</summary>
    public TextRange Value { get; init; }

    /// <summary>The user part (sip/sips), or the telephone-subscriber number without its parameters (tel).
    /// For sip URIs the user may carry <c>;</c>-parameters of its own (RFC 4475 §3.1.1.9); they are kept.</summary>
    public TextRange User { get; init; }

    /// <summary>The host: a name, IPv4 address, or bracketed IPv6 reference (brackets included). Empty for tel.</summary>
    public TextRange Host { get; init; }

    /// <summary>The port, or 0 when absent.</summary>
    public int Port { get; init; }

    /// <summary>URI parameters, starting at the first <c>;</c> after the host (or after the tel number).</summary>
    public TextRange Parameters { get; init; }

    /// <summary>URI headers after <c>?</c>, without the <c>?</c>.</summary>
    public TextRange Headers { get; init; }

    /// <summary>True when the parameters include <c>lr</c> (loose routing, RFC 3261 §19.1.1).</summary>
    public bool IsLooseRouter { get; init; }
}
