namespace EdgeBlocker.Web.Services;

/// <summary>What the box would do with a call from a number, and why.</summary>
/// <param name="Number">The number as typed.</param>
/// <param name="E164">The number read as E.164 (<c>+1...</c>), or null when it is not a phone number.</param>
/// <param name="Verdict"><c>allow</c>, <c>block</c> or <c>tag</c>.</param>
/// <param name="Explanation">One sentence: the verdict, the response, the rule and list, monitor mode or bypass.</param>
public sealed record LookupResult(
    string Number,
    string? E164,
    string Verdict,
    int ResponseCode,
    string? Rule,
    string? List,
    string? Reason,
    bool WouldBlock,
    bool Emergency,
    string Explanation);
