namespace EdgeBlocker.Screening;

/// <summary>What the SIP layer does with a screened call.</summary>
public enum VerdictAction : byte
{
    /// <summary>Relay the call (proxy mode) or answer "continue" (redirect mode).</summary>
    Allow,

    /// <summary>Answer with <see cref="Verdict.Response"/>.</summary>
    Block,

    /// <summary>Relay the call with the verdict header named by <see cref="ScreeningSettings.TagHeader"/>.</summary>
    Tag,
}
