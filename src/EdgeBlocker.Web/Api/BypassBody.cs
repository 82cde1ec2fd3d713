namespace EdgeBlocker.Web.Api;

/// <summary>Bypass on or off.</summary>
public sealed record BypassBody(bool On);
