namespace EdgeBlocker.Sip;

/// <summary>The request methods a proxy treats specially; anything else is <see cref="Extension"/> (RFC 3261 §25.1 extension-method).</summary>
public enum SipMethod : byte
{
    /// <summary>Not a request, or not parsed.</summary>
    None,
    Invite,
    Ack,
    Bye,
    Cancel,
    Options,
    Register,
    Prack,
    Subscribe,
    Notify,
    Publish,
    Info,
    Refer,
    Message,
    Update,
    /// <summary>A well-formed token that names no method above; the token itself is in <see cref="SipMessage.MethodToken"/>.</summary>
    Extension,
}
