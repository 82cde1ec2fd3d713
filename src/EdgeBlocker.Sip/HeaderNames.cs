using System.Text;

namespace EdgeBlocker.Sip;

/// <summary>Header names: classifying received names (case-insensitive, compact forms, RFC 3261 §7.3.3) and the
/// canonical names the writer emits.</summary>
public static class HeaderNames
{
    /// <summary>The kind a field name denotes; names compare case-insensitively (RFC 3261 §7.3.1) and the compact forms
    /// of RFC 3261 §7.3.3 (and of the extensions that register one) map to their long names' kinds.</summary>
    public static HeaderKind Classify(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            return ClassifyCompact(name[0]);
        }

        // Dispatch on length first so that most names are compared against one or two candidates only.
        return name.Length switch
        {
            2 => Is(name, "To"u8, HeaderKind.To),
            3 => Is(name, "Via"u8, HeaderKind.Via),
            4 => Is(name, "From"u8, HeaderKind.From) | Is(name, "CSeq"u8, HeaderKind.CSeq) | Is(name, "Date"u8, HeaderKind.Date),
            5 => Is(name, "Route"u8, HeaderKind.Route) | Is(name, "Event"u8, HeaderKind.Event),
            6 => Is(name, "Reason"u8, HeaderKind.Reason),
            7 => Is(name, "Call-ID"u8, HeaderKind.CallId) | Is(name, "Contact"u8, HeaderKind.Contact) | Is(name, "Require"u8, HeaderKind.Require)
                | Is(name, "Expires"u8, HeaderKind.Expires) | Is(name, "Subject"u8, HeaderKind.Subject) | Is(name, "Privacy"u8, HeaderKind.Privacy),
            8 => Is(name, "Identity"u8, HeaderKind.Identity) | Is(name, "Refer-To"u8, HeaderKind.ReferTo),
            9 => Is(name, "Supported"u8, HeaderKind.Supported),
            11 => Is(name, "Referred-By"u8, HeaderKind.ReferredBy),
            12 => Is(name, "Max-Forwards"u8, HeaderKind.MaxForwards) | Is(name, "Record-Route"u8, HeaderKind.RecordRoute)
                | Is(name, "Content-Type"u8, HeaderKind.ContentType) | Is(name, "Allow-Events"u8, HeaderKind.AllowEvents),
            13 => Is(name, "Proxy-Require"u8, HeaderKind.ProxyRequire),
            14 => Is(name, "Content-Length"u8, HeaderKind.ContentLength),
            15 => Is(name, "Session-Expires"u8, HeaderKind.SessionExpires),
            16 => Is(name, "Content-Encoding"u8, HeaderKind.ContentEncoding),
            19 => Is(name, "P-Asserted-Identity"u8, HeaderKind.PAssertedIdentity),
            _ => HeaderKind.Unknown,
        };
    }

    /// <summary>The canonical long name, e.g. <c>Call-ID</c>; empty for <see cref="HeaderKind.Unknown"/>.</summary>
    public static ReadOnlySpan<byte> Canonical(HeaderKind kind) => kind switch
    {
        HeaderKind.Via => "Via"u8,
        HeaderKind.From => "From"u8,
        HeaderKind.To => "To"u8,
        HeaderKind.CallId => "Call-ID"u8,
        HeaderKind.CSeq => "CSeq"u8,
        HeaderKind.MaxForwards => "Max-Forwards"u8,
        HeaderKind.ContentLength => "Content-Length"u8,
        HeaderKind.ContentType => "Content-Type"u8,
        HeaderKind.Contact => "Contact"u8,
        HeaderKind.Route => "Route"u8,
        HeaderKind.RecordRoute => "Record-Route"u8,
        HeaderKind.PAssertedIdentity => "P-Asserted-Identity"u8,
        HeaderKind.Identity => "Identity"u8,
        HeaderKind.Require => "Require"u8,
        HeaderKind.ProxyRequire => "Proxy-Require"u8,
        HeaderKind.Supported => "Supported"u8,
        HeaderKind.Reason => "Reason"u8,
        HeaderKind.Expires => "Expires"u8,
        HeaderKind.Date => "Date"u8,
        HeaderKind.Subject => "Subject"u8,
        HeaderKind.ContentEncoding => "Content-Encoding"u8,
        HeaderKind.Event => "Event"u8,
        HeaderKind.AllowEvents => "Allow-Events"u8,
        HeaderKind.ReferTo => "Refer-To"u8,
        HeaderKind.ReferredBy => "Referred-By"u8,
        HeaderKind.SessionExpires => "Session-Expires"u8,
        HeaderKind.Privacy => "Privacy"u8,
        _ => default,
    };

    // RFC 3261 §7.3.3 and §20 (i m e l c f s k t v); RFC 6665 (o u); RFC 3515 (r); RFC 3892 (b); RFC 4028 (x); RFC 8224 (y).
    private static HeaderKind ClassifyCompact(byte c) => (c | 0x20) switch
    {
        'i' => HeaderKind.CallId,
        'm' => HeaderKind.Contact,
        'e' => HeaderKind.ContentEncoding,
        'l' => HeaderKind.ContentLength,
        'c' => HeaderKind.ContentType,
        'f' => HeaderKind.From,
        's' => HeaderKind.Subject,
        'k' => HeaderKind.Supported,
        't' => HeaderKind.To,
        'v' => HeaderKind.Via,
        'o' => HeaderKind.Event,
        'u' => HeaderKind.AllowEvents,
        'r' => HeaderKind.ReferTo,
        'b' => HeaderKind.ReferredBy,
        'x' => HeaderKind.SessionExpires,
        'y' => HeaderKind.Identity,
        _ => HeaderKind.Unknown,
    };

    // HeaderKind.Unknown is 0, so OR-ing the candidates of one length yields the single match (or Unknown).
    private static HeaderKind Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> candidate, HeaderKind kind) =>
        Ascii.EqualsIgnoreCase(name, candidate) ? kind : HeaderKind.Unknown;
}
