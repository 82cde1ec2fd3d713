namespace EdgeBlocker.Screening;

/// <summary>Screening settings, configuration section <c>EdgeBlocker:Screening</c>.</summary>
public sealed class ScreeningOptions
{
    public const string SectionName = "EdgeBlocker:Screening";

    /// <summary>Calling numbers to block, in E.164 (<c>+15551230001</c>). They form the read-only list <c>config</c>.</summary>
    public IList<string> BlockedNumbers { get; } = [];

    /// <summary>A file of calling numbers to block, one E.164 number per line, <c>#</c> comments allowed. Optional.</summary>
    public string? BlockedNumbersFile { get; set; }

    /// <summary>How blocked calls are answered: <c>603+</c> (default: 603 Network Blocked with the redress Reason header),
    /// <c>607</c>, <c>608</c> or <c>603</c>.</summary>
    public string Response { get; set; } = "603+";

    /// <summary>The redress contact carried in 603+ (a <c>tel:</c> number, an <c>https://</c> URL or an e-mail address).</summary>
    public string? Redress { get; set; }

    /// <summary>The 603+ Reason header's location (ATIS-1000099): RLN by default.</summary>
    public string RedressLocation { get; set; } = "RLN";

    /// <summary>For 608: the URL of the jCard naming who rejected the call (RFC 8688).</summary>
    public string? JCardUrl { get; set; }

    /// <summary>Called numbers that always pass besides 911 and 933 (E.164 or short codes).</summary>
    public IList<string> NeverBlock { get; } = [];
}
