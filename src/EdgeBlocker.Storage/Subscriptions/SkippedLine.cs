namespace EdgeBlocker.Storage.Subscriptions;

/// <summary>A feed line that was not applied, and why.</summary>
/// <param name="Line">1-based line number (for JSON: the array element's number).</param>
public sealed record SkippedLine(long Line, string Error);
