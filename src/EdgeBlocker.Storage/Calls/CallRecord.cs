namespace EdgeBlocker.Storage.Calls;

/// <summary>One screening decision, as kept for the call log, the dashboard and tracebacks.</summary>
public sealed record CallRecord
{
    /// <summary>Assigned by the database when the record is written (0 before).</summary>
    public long Id { get; init; }

    /// <summary>When the INVITE was screened (stored as UTC ticks, exact).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The calling number as received (P-Asserted-Identity or From user part).</summary>
    public string? CallingNumberReceived { get; init; }

    /// <summary>The calling number normalised to E.164 (<c>+15551234567</c>); null when anonymous or unparseable.</summary>
    public string? CallingNumber { get; init; }

    /// <summary>The called number as received (Request-URI user part).</summary>
    public string? CalledNumberReceived { get; init; }

    /// <summary>The called number normalised to E.164; null when unparseable.</summary>
    public string? CalledNumber { get; init; }

    /// <summary>The configured trunk peer the call came from, if known.</summary>
    public string? Peer { get; init; }

    /// <summary>Source address as <c>ip:port</c> (<c>[v6]:port</c> for IPv6).</summary>
    public string? SourceAddress { get; init; }

    /// <summary><c>udp</c> or <c>tcp</c>.</summary>
    public string? Transport { get; init; }

    public string? CallId { get; init; }

    /// <summary>The P-Asserted-Identity header as received.</summary>
    public string? PAssertedIdentity { get; init; }

    /// <summary>STIR/SHAKEN attestation (A, B, C) from the Identity header, when present.</summary>
    public string? Attestation { get; init; }

    /// <summary>STIR/SHAKEN origid from the Identity header, when present.</summary>
    public string? OrigId { get; init; }

    /// <summary>The verdict, one of <see cref="CallVerdicts"/> (<c>allow</c>, <c>block</c>, <c>tag</c>).</summary>
    public required string Verdict { get; init; }

    /// <summary>The rule that decided, if any.</summary>
    public string? Rule { get; init; }

    /// <summary>The list the deciding rule came from, if any.</summary>
    public string? List { get; init; }

    /// <summary>The SIP response code sent (603, 607, 608...) or the final response relayed; 0 when none.</summary>
    public int ResponseCode { get; init; }

    /// <summary>For relayed calls: when the call was answered (2xx).</summary>
    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>For relayed calls: when the call ended (BYE, CANCEL or failure).</summary>
    public DateTimeOffset? EndedAt { get; init; }
}
