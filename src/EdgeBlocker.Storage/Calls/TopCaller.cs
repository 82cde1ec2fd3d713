namespace EdgeBlocker.Storage.Calls;

/// <summary>A calling number (normalised, else as received, else <c>anonymous</c>) and how many of its calls were blocked.</summary>
public sealed record TopCaller(string Number, long Blocked);
