namespace EdgeBlocker.Web.Services;

/// <summary>The settings the page edits. Each is a configuration key (README's key table); all apply at the next start.</summary>
public static class SettingsCatalog
{
    /// <summary>The pseudo-key of the trunk peers text (one line per peer) that becomes <c>EdgeBlocker:Sip:Peers:N:*</c>.</summary>
    public const string PeersKey = "EdgeBlocker:Sip:Peers";

    public static IReadOnlyList<SettingField> Fields { get; } =
    [
        new("EdgeBlocker:Sip:Mode", "SIP mode", ["proxy", "redirect"], "proxy relays allowed calls to the core; redirect answers an SBC's queries", "proxy"),
        new("EdgeBlocker:Sip:Core", "Core (softswitch)", [], "udp:HOST:PORT or tcp:HOST:PORT", "udp:127.0.0.1:5080"),
        new("EdgeBlocker:Sip:RedirectResponse", "Redirect mode's answer for a call that passes", ["302", "404", "503"], "302 to the core, or 404/503 so the SBC routes on", "302"),
        new(PeersKey, "Trunk peers", [], "one peer per line: NAME ADDRESS[,ADDRESS...] URI, e.g. carrier-a 203.0.113.0/24 udp:203.0.113.10:5060"),
        new("EdgeBlocker:Screening:Mode", "Screening mode", ["enforce", "monitor"], "monitor records every verdict and blocks nothing", "enforce"),
        new("EdgeBlocker:Screening:Response", "Block response", ["603+", "607", "608", "603"], "603+ carries the redress contact (ATIS-1000099)", "603+"),
        new("EdgeBlocker:Screening:Redress", "Redress contact", [], "tel:+1..., https://... or an e-mail address, sent in 603+"),
        new("EdgeBlocker:Screening:JCardUrl", "jCard URL (608)", [], "required when the block response is 608 (RFC 8688)"),
        new("EdgeBlocker:Storage:RetentionDays", "Call record retention, days", [], "older call records are deleted hourly", "90"),
        new("EdgeBlocker:Indicators:Pins:Health", "Health LED pin (BCM)", [], "green: screening, starting, bypass, fault codes; wiring in hardware/README.md", "17"),
        new("EdgeBlocker:Indicators:Pins:Trunk", "Trunk LED pin (BCM)", [], "green: core and peers answer OPTIONS", "27"),
        new("EdgeBlocker:Indicators:Pins:Blocked", "Blocked LED pin (BCM)", [], "red: a flash per blocked call", "22"),
        new("EdgeBlocker:Indicators:Pins:Sync", "Sync LED pin (BCM)", [], "yellow: lists fresh, syncing, failed or stale", "23"),
        new("EdgeBlocker:Indicators:Pins:Button", "Bypass button pin (BCM)", [], "held 3 s toggles bypass", "24"),
    ];
}
