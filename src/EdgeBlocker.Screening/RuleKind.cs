namespace EdgeBlocker.Screening;

/// <summary>
/// What a rule matches. The declaration order is the precedence order: when several block rules match one call, the
/// kind declared first decides (exact &gt; DNO &gt; prefix &gt; range &gt; peer &gt; source &gt; anonymous &gt; unparseable &gt;
/// invalid NANP &gt; regex &gt; calling rate &gt; peer rate).
/// </summary>
public enum RuleKind : byte
{
    /// <summary>One calling number (pattern: the number, E.164 or a national form of the default region).</summary>
    Exact,

    /// <summary>A Do-Not-Originate entry: a number that never originates calls, so a call "from" it is spoofed.</summary>
    DoNotOriginate,

    /// <summary>Calling numbers starting with the pattern's E.164 digits (<c>+1900</c>); the longest matching prefix wins.</summary>
    Prefix,

    /// <summary>Calling numbers in an inclusive range of equal-length numbers: <c>+15551230000..+15551239999</c>.</summary>
    Range,

    /// <summary>Calls from the configured trunk peer named by the pattern (case-insensitive).</summary>
    Peer,

    /// <summary>Calls whose source address is the pattern's IP address or in its CIDR block (<c>203.0.113.0/24</c>).</summary>
    SourceAddress,

    /// <summary>Calls with no calling number: anonymous, withheld, restricted, unavailable or empty. Pattern ignored.</summary>
    Anonymous,

    /// <summary>Calls whose calling user part is present but not a phone number. Pattern ignored.</summary>
    Unparseable,

    /// <summary>NANP calling numbers that cannot exist: area code or exchange starting 0/1, N11, wrong length, or an
    /// area code not in service. Pattern ignored.</summary>
    InvalidNanp,

    /// <summary>A .NET regular expression matched against the calling number's E.164 text (<c>+15551230001</c>).</summary>
    Regex,

    /// <summary>More than the pattern's number of calls in about a minute from one calling number (pattern: <c>30</c>).</summary>
    CallingRate,

    /// <summary>More than N calls in about a minute from one peer (pattern: <c>N</c> for every peer, or <c>name=N</c>).</summary>
    PeerRate,
}
