namespace EdgeBlocker.Web.Api;

/// <summary>A token as listed: everything but its secret.</summary>
public sealed record TokenInfo(string Id, string Name, string Role, DateTimeOffset CreatedAt, string CreatedBy);
