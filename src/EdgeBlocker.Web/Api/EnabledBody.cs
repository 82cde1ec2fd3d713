namespace EdgeBlocker.Web.Api;

/// <summary>Whether a list is screened.</summary>
public sealed record EnabledBody(bool Enabled);
