namespace EdgeBlocker.Proxy.Policy;

/// <summary>What the proxy does with a call.</summary>
public enum CallAction : byte
{
    /// <summary>Relay to the core (proxy mode) or answer "continue" (redirect mode).</summary>
    Allow,

    /// <summary>Answer with the decision's block response.</summary>
    Block,

    /// <summary>Relay like <see cref="Allow"/>, with the decision's verdict header added for the core to act on.</summary>
    Tag,
}
