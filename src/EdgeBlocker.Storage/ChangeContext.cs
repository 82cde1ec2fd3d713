namespace EdgeBlocker.Storage;

/// <summary>Who makes a change and from where; recorded in the audit log with every change.</summary>
/// <param name="Actor">e.g. <c>cli:root</c>, <c>web:admin</c>, <c>sync</c>, <c>config</c>.</param>
/// <param name="Source">The client address, or <c>local</c>.</param>
public sealed record ChangeContext(string Actor, string Source)
{
    /// <summary>Changes the service makes by itself at start (the <c>config</c> list).</summary>
    public static ChangeContext System { get; } = new("system", "local");
}
