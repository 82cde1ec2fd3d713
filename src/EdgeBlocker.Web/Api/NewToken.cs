namespace EdgeBlocker.Web.Api;

/// <summary>A token to create: a name and a role (reader or admin).</summary>
public sealed record NewToken(string? Name, string? Role);
