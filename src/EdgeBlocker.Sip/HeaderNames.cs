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
        if (name.Length <= 1)
        {
            return name.IsEmpty ? HeaderKind.Unknown : ClassifyCompact(name[0]);
        }

        // Dispatch on length and first letter so that a name is compared against at most two candidates.
        return (name.Length, name[0] | 0x20) switch
        {
            (2, 't') => Is(name, "To"u8, HeaderKind.To),
            (3, 'v') => Is(name, "Via"u8, HeaderKind.Via),
            (4, 'f') => Is(name, "From"u8, HeaderKind.From),
            (4, 'c') => Is(name, "CSeq"u8, HeaderKind.CSeq),
            (4, 'd') => Is(name, "Date"u8, HeaderKind.Date),
            (5, 'r') => Is(name, "Route"u8, HeaderKind.Route),
            (5, 'e') => Is(name, "Event"u8, HeaderKind.Event),
            (6, 'r') => Is(name, "Reason"u8, HeaderKind.Reason),
            (7, 'c') => Is(name, "Call-ID"u8, HeaderKind.CallId) | Is(name, "Contact"u8, HeaderKind.Contact),
            (7, 'r') => Is(name, "Require"u8, HeaderKind.Require),
            (7, 'e') => Is(name, "Expires"u8, HeaderKind.Expires),
            (7, 's') => Is(name, "Subject"u8, HeaderKind.Subject),
            (7, 'p') => Is(name, "Privacy"u8, HeaderKind.Privacy),
            (8, 'i') => Is(name, "Identity"u8, HeaderKind.Identity),
            (8, 'r') => Is(name, "Refer-To"u8, HeaderKind.ReferTo),
            (9, 's') => Is(name, "Supported"u8, HeaderKind.Supported),
            (11, 'r') => Is(name, "Referred-By"u8, HeaderKind.ReferredBy),
            (12, 'm') => Is(name, "Max-Forwards"u8, HeaderKind.MaxForwards),
            (12, 'r') => Is(name, "Record-Route"u8, HeaderKind.RecordRoute),
            (12, 'c') => Is(name, "Content-Type"u8, HeaderKind.ContentType),
            (12, 'a') => Is(name, "Allow-Events"u8, HeaderKind.AllowEvents),
            (13, 'p') => Is(name, "Proxy-Require"u8, HeaderKind.ProxyRequire),
            (14, 'c') => Is(name, "Content-Length"u8, HeaderKind.ContentLength),
            (15, 's') => Is(name, "Session-Expires"u8, HeaderKind.SessionExpires),
            (16, 'c') => Is(name, "Content-Encoding"u8, HeaderKind.ContentEncoding),
            (19, 'p') => Is(name, "P-Asserted-Identity"u8, HeaderKind.PAssertedIdentity),
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
