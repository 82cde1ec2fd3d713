namespace EdgeBlocker.Screening;

/// <summary>What a matching rule does to the call.</summary>
public enum RuleAction : byte
{
    /// <summary>Reject the call with the rule's response.</summary>
    Block,

    /// <summary>An allowlist entry: the call passes whatever else matches.</summary>
    Allow,

    /// <summary>Relay the call, marked with the verdict header (<see cref="ScreeningSettings.TagHeader"/>).</summary>
    Tag,
}
