namespace EdgeBlocker.Web.Api;

/// <summary>An API error.</summary>
public sealed record ErrorBody(string Error);
