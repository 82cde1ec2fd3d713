namespace EdgeBlocker.Web.Api;

/// <summary>A list to create.</summary>
public sealed record NewList(string? Name, string? Description);
