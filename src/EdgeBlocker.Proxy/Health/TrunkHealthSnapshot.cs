namespace EdgeBlocker.Proxy.Health;

/// <summary>The up/down state of the core and every trunk peer that has a Uri: the read model behind the trunk LED,
/// the dashboard and <c>/metrics</c>.</summary>
/// <param name="Enabled">False when EdgeBlocker:Sip:HealthInterval is 0 (no pings).</param>
/// <param name="Interval">How often pings go out.</param>
/// <param name="Targets">The core first, then the peers in configuration order.</param>
public sealed record TrunkHealthSnapshot(bool Enabled, TimeSpan Interval, IReadOnlyList<TargetHealth> Targets)
{
    /// <summary>The core answered its last ping; null before the first verdict or without a core.</summary>
    public bool? CoreUp => Targets.FirstOrDefault(t => t.IsCore)?.Up;

    /// <summary>Every target answered its last ping.</summary>
    public bool AllUp => Targets.Count > 0 && Targets.All(t => t.Up == true);
}
