namespace EdgeBlocker.Web.Services;

/// <summary>An entry as a form or API request gives it (the parser turns it into a list entry).</summary>
/// <param name="Value">A number in any format, a prefix (<c>+1900*</c>), a range, a pattern, a peer name or an address.</param>
/// <param name="Kind">exact, prefix, dno, range, regex, peer, source, ... (default: exact, or prefix for a partial number).</param>
/// <param name="Action">block (default), allow or tag.</param>
/// <param name="Response">603+, 603, 607 or 608 (default: the configured response).</param>
public sealed record EntryInput(
    string? Value,
    string? Kind = null,
    string? Action = null,
    string? Reason = null,
    string? Response = null,
    DateTimeOffset? ExpiresAt = null,
    DateTimeOffset? EffectiveFrom = null);
