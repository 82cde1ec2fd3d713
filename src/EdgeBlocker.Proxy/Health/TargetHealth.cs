namespace EdgeBlocker.Proxy.Health;

/// <summary>One health-ping target as the dashboard and <c>/metrics</c> show it.</summary>
/// <param name="Name"><c>core</c>, or the trunk peer's name.</param>
/// <param name="Uri">Where the pings go (<c>udp:203.0.113.10:5060</c>).</param>
/// <param name="IsCore">True for the core.</param>
/// <param name="Up">True when it answered the last ping, false when it did not, null before the first verdict.</param>
/// <param name="LastStatus">Status code of the last answer; 0 before any.</param>
/// <param name="LastAnswer">When it last answered.</param>
/// <param name="Since">When <paramref name="Up"/> last changed.</param>
public sealed record TargetHealth(string Name, string Uri, bool IsCore, bool? Up, int LastStatus, DateTimeOffset? LastAnswer, DateTimeOffset? Since);
