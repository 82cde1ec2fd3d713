namespace EdgeBlocker.Sip;

/// <summary>Method tokens (case-sensitive, RFC 3261 §7.1).</summary>
public static class SipMethods
{
    /// <summary>The method a token names; <see cref="SipMethod.Extension"/> for any other token (RFC 4475 §3.1.1.5:
    /// <c>RE%47IST%45R</c> is not REGISTER), <see cref="SipMethod.None"/> when it is not a token at all.</summary>
    public static SipMethod Classify(ReadOnlySpan<byte> token)
    {
        var known = token.Length switch
        {
            3 => Is(token, "ACK"u8, SipMethod.Ack) | Is(token, "BYE"u8, SipMethod.Bye),
            4 => Is(token, "INFO"u8, SipMethod.Info),
            5 => Is(token, "PRACK"u8, SipMethod.Prack) | Is(token, "REFER"u8, SipMethod.Refer),
            6 => Is(token, "INVITE"u8, SipMethod.Invite) | Is(token, "CANCEL"u8, SipMethod.Cancel) | Is(token, "NOTIFY"u8, SipMethod.Notify)
                | Is(token, "UPDATE"u8, SipMethod.Update),
            7 => Is(token, "OPTIONS"u8, SipMethod.Options) | Is(token, "PUBLISH"u8, SipMethod.Publish) | Is(token, "MESSAGE"u8, SipMethod.Message),
            8 => Is(token, "REGISTER"u8, SipMethod.Register),
            9 => Is(token, "SUBSCRIBE"u8, SipMethod.Subscribe),
            _ => SipMethod.None,
        };

        if (known != SipMethod.None)
        {
            return known;
        }

        return ByteChars.IsToken(token) ? SipMethod.Extension : SipMethod.None;
    }

    /// <summary>The token for a known method; empty for None and Extension.</summary>
    public static ReadOnlySpan<byte> Name(SipMethod method) => method switch
    {
        SipMethod.Invite => "INVITE"u8,
        SipMethod.Ack => "ACK"u8,
        SipMethod.Bye => "BYE"u8,
        SipMethod.Cancel => "CANCEL"u8,
        SipMethod.Options => "OPTIONS"u8,
        SipMethod.Register => "REGISTER"u8,
        SipMethod.Prack => "PRACK"u8,
        SipMethod.Subscribe => "SUBSCRIBE"u8,
        SipMethod.Notify => "NOTIFY"u8,
        SipMethod.Publish => "PUBLISH"u8,
        SipMethod.Info => "INFO"u8,
        SipMethod.Refer => "REFER"u8,
        SipMethod.Message => "MESSAGE"u8,
        SipMethod.Update => "UPDATE"u8,
        _ => default,
    };

    // SipMethod.None is 0, so OR-ing the candidates of one length yields the single match (or None).
    private static SipMethod Is(ReadOnlySpan<byte> token, ReadOnlySpan<byte> candidate, SipMethod method) =>
        token.SequenceEqual(candidate) ? method : SipMethod.None;
}
