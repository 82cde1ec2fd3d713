using System.Globalization;

namespace EdgeBlocker.Proxy.Configuration;

/// <summary>
/// Per-source flood protection, configuration section <c>EdgeBlocker:Sip:RateLimit</c>: how many SIP messages a
/// second one address may send, and how long an address over its limit is ignored (a penalty box, like Kamailio's
/// pike module).
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = SipOptions.SectionName + ":RateLimit";

    /// <summary>Whether messages are counted and limited per source address at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained messages a second accepted from one address that is neither a configured trunk peer nor the
    /// core (when peers are configured; strangers only ever get 403). Default 20.</summary>
    public int RequestsPerSecond { get; set; } = 20;

    /// <summary>Messages a stranger may send at once before <see cref="RequestsPerSecond"/> bites. Default 40.</summary>
    public int Burst { get; set; } = 40;

    /// <summary>How long a stranger over its limit is ignored: its messages are dropped without an answer (answering a
    /// flood amplifies it). A stranger that keeps sending over its limit stays in until it has kept under it this long.
    /// Default 1 minute.</summary>
    public TimeSpan PenaltyTime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Stranger addresses tracked at once (a fixed table, so a flood from spoofed addresses cannot grow it);
    /// the least recently seen address outside the penalty box makes room. Default 4096.</summary>
    public int TrackedSources { get; set; } = 4096;

    /// <summary>Sustained messages a second from one address of a configured trunk peer or the core (or from any
    /// address when no peers are configured: all of them are upstream trunks). Excess messages are dropped, with no
    /// penalty box. Default 0: unlimited, so that a peer's busy hour is never cut silently.</summary>
    public int PeerRequestsPerSecond { get; set; }

    /// <summary>Messages a peer or the core may send at once before <see cref="PeerRequestsPerSecond"/> bites.
    /// Default 0: twice <see cref="PeerRequestsPerSecond"/>.</summary>
    public int PeerBurst { get; set; }

    /// <summary>The problems with these settings, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        const string S = SectionName;
        var problems = new List<string>();
        if (RequestsPerSecond is < 1 or > 1_000_000)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:RequestsPerSecond: {RequestsPerSecond} must be between 1 and 1000000"));
        }

        if (Burst is < 1 or > 1_000_000)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:Burst: {Burst} must be between 1 and 1000000"));
        }

        if (PenaltyTime < TimeSpan.FromSeconds(1) || PenaltyTime > TimeSpan.FromDays(1))
        {
            problems.Add($"{S}:PenaltyTime: must be between 00:00:01 and 1.00:00:00");
        }

        if (TrackedSources is < 16 or > 1_048_576)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:TrackedSources: {TrackedSources} must be between 16 and 1048576"));
        }

        if (PeerRequestsPerSecond is < 0 or > 1_000_000)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:PeerRequestsPerSecond: {PeerRequestsPerSecond} must be 0 (unlimited) or up to 1000000"));
        }

        if (PeerBurst is < 0 or > 1_000_000)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:PeerBurst: {PeerBurst} must be 0 (twice PeerRequestsPerSecond) or up to 1000000"));
        }

        return problems;
    }
}
