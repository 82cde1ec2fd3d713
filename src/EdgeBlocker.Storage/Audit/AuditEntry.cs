namespace EdgeBlocker.Storage.Audit;

/// <summary>One change: who made it (<c>cli:root</c>, <c>web:admin</c>, <c>sync</c>), from where (address or <c>local</c>), what and when.</summary>
/// <param name="Action">e.g. <c>list.create</c>, <c>list.replace</c>, <c>entry.add</c>, <c>setting.set</c>.</param>
/// <param name="Target">The list name or setting key changed.</param>
/// <param name="Details">A human-readable summary (entry, counts, versions, new value).</param>
public sealed record AuditEntry(long Id, DateTimeOffset Time, string Actor, string Source, string Action, string Target, string Details);
