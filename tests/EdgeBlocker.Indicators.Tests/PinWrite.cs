namespace EdgeBlocker.Indicators.Tests;

/// <summary>One write to a pin, at a time counted from the start of the test's fake clock.</summary>
public readonly record struct PinWrite(long Ms, int Pin, bool High);
