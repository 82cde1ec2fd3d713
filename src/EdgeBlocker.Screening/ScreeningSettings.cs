namespace EdgeBlocker.Screening;

/// <summary>
/// Screening settings, configuration section <c>EdgeBlocker:Screening</c>. Immutable; <see cref="Validate"/> at start
/// (the <see cref="ScreeningEngine"/> constructor refuses invalid settings).
/// </summary>
public sealed class ScreeningSettings
{
    public const string SectionName = "EdgeBlocker:Screening";

    /// <summary>ISO 3166 region national numbers are read in (<c>EdgeBlocker:Screening:DefaultRegion</c>). Default <c>US</c>.</summary>
    public string DefaultRegion { get; init; } = "US";

    /// <summary><c>Enforce</c> (default) blocks; <c>Monitor</c> decides and records but blocks nothing.</summary>
    public ScreeningMode Mode { get; init; } = ScreeningMode.Enforce;

    /// <summary>Called numbers that always pass besides 911 and 933: E.164 (<c>+18002738255</c>), a national form, or
    /// a short code of up to 6 digits (<c>988</c>).</summary>
    public IReadOnlyList<string> NeverBlock { get; init; } = [];

    /// <summary>The header a tagged call is relayed with. Default <c>X-EdgeBlocker-Verdict</c>.</summary>
    public string TagHeader { get; init; } = "X-EdgeBlocker-Verdict";

    /// <summary>Most regex rules one snapshot compiles (each costs time on every call). Default 32; 0 disables regex rules.</summary>
    public int MaxRegexRules { get; init; } = 32;

    /// <summary>How long one regex match may run before it counts as no match. Default 10 ms; 1 ms to 1 s.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Every problem with these settings, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var prefix = SectionName + ":";
        if (!PhoneNumberNormalizer.IsKnownRegion(DefaultRegion))
        {
            errors.Add($"{prefix}DefaultRegion: '{DefaultRegion}' is not a known region; use an ISO 3166 code such as US, CA, GB or DE.");
        }

        if (!Enum.IsDefined(Mode))
        {
            errors.Add($"{prefix}Mode: '{Mode}' is not a mode; use Enforce or Monitor.");
        }

        if (string.IsNullOrEmpty(TagHeader) || !TagHeader.All(IsTokenChar))
        {
            errors.Add($"{prefix}TagHeader: '{TagHeader}' is not a SIP header name (RFC 3261 §25.1 token characters only).");
        }

        if (MaxRegexRules is < 0 or > 1000)
        {
            errors.Add($"{prefix}MaxRegexRules: {MaxRegexRules} is out of range; use 0 to 1000.");
        }

        if (RegexTimeout < TimeSpan.FromMilliseconds(1) || RegexTimeout > TimeSpan.FromSeconds(1))
        {
            errors.Add($"{prefix}RegexTimeout: {RegexTimeout} is out of range; use 00:00:00.001 to 00:00:01.");
        }

        if (errors.Count == 0)
        {
            var normalizer = new PhoneNumberNormalizer(DefaultRegion);
            for (var i = 0; i < NeverBlock.Count; i++)
            {
                if (!EmergencyNumbers.TryAdd(NeverBlock[i], normalizer, out _, out _))
                {
                    errors.Add($"{prefix}NeverBlock:{i}: '{NeverBlock[i]}' is neither a phone number nor a short code of up to 6 digits.");
                }
            }
        }

        return errors;
    }

    // RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "-.!%*_+`'~".Contains(c, StringComparison.Ordinal);
}
