namespace EdgeBlocker.Cli;

/// <summary>What the command printed and its exit code.</summary>
public sealed record ControlResponse(int Exit, string Output, string Error);
