namespace EdgeBlocker.Sip;

/// <summary>URI schemes a SIP proxy routes (RFC 3261 §19.1, RFC 3966); anything else is <see cref="Other"/>.</summary>
public enum UriScheme : byte
{
    Other,
    Sip,
    Sips,
    Tel,
}
