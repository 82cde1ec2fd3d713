namespace EdgeBlocker.Web.Services;

/// <summary>A traceback request as typed: when (ISO 8601 UTC), from and to (any format), how far either side to look.</summary>
public sealed record TracebackRequest(string? At, string? From, string? To, string? Window = "10m");
