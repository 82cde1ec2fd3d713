namespace EdgeBlocker.Proxy.Configuration;

/// <summary><c>EdgeBlocker:Sip:Mode</c>.</summary>
public enum ProxyMode
{
    /// <summary>Transaction-stateful proxy between the trunk peers and the core (RFC 3261 §16).</summary>
    Proxy,

    /// <summary>Answers every INVITE itself: a block response, or the configured "continue" response (RFC 3261 §8.3).</summary>
    Redirect,
}
