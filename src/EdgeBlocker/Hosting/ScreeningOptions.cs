using EdgeBlocker.Screening;

namespace EdgeBlocker.Hosting;

/// <summary>Screening settings as configured, section <c>EdgeBlocker:Screening</c>.</summary>
public sealed class ScreeningOptions
{
    public const string SectionName = "EdgeBlocker:Screening";

    /// <summary>Calling numbers to block (E.164, <c>+15551230001</c>; national forms accepted): the read-only list <c>config</c>.</summary>
    public IList<string> BlockedNumbers { get; } = [];

    /// <summary>A file of calling numbers to block, one per line, <c>#</c> comments allowed; also the list <c>config</c>. Optional.</summary>
    public string? BlockedNumbersFile { get; set; }

    /// <summary>How blocked calls are answered: <c>603+</c> (default: 603 Network Blocked with the redress Reason header),
    /// <c>607</c>, <c>608</c> or <c>603</c>.</summary>
    public string Response { get; set; } = "603+";

    /// <summary>The redress contact carried in 603+ (a <c>tel:</c> number, an <c>https://</c> URL or an e-mail address).</summary>
    public string? Redress { get; set; }

    /// <summary>The 603+ Reason header's location (ATIS-1000099): <c>RLN</c> by default.</summary>
    public string RedressLocation { get; set; } = "RLN";

    /// <summary>For 608: the URL of the jCard naming who rejected the call (RFC 8688). Required when Response is 608.</summary>
    public string? JCardUrl { get; set; }

    /// <summary>Called numbers that always pass besides 911 and 933 (E.164, national, or a short code up to 6 digits).</summary>
    public IList<string> NeverBlock { get; } = [];

    /// <summary>Region national numbers are read in (ISO 3166). Default <c>US</c>.</summary>
    public string DefaultRegion { get; set; } = "US";

    /// <summary><c>enforce</c> (default) or <c>monitor</c>: decide and record every call, block none.</summary>
    public ScreeningMode Mode { get; set; } = ScreeningMode.Enforce;

    /// <summary>The header a tagged call is relayed with. Default <c>X-EdgeBlocker-Verdict</c>.</summary>
    public string TagHeader { get; set; } = "X-EdgeBlocker-Verdict";

    /// <summary>Most regex rules in force at once. Default 32.</summary>
    public int MaxRegexRules { get; set; } = 32;

    /// <summary>How long one regex match may run. Default 10 ms.</summary>
    public TimeSpan RegexTimeout { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The engine's view of these settings.</summary>
    public ScreeningSettings ToSettings() => new()
    {
        DefaultRegion = DefaultRegion,
        Mode = Mode,
        NeverBlock = [.. NeverBlock],
        TagHeader = TagHeader,
        MaxRegexRules = MaxRegexRules,
        RegexTimeout = RegexTimeout,
    };
}
