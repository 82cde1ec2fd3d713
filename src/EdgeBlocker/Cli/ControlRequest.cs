namespace EdgeBlocker.Cli;

/// <summary>One CLI command sent to the running service over its control socket.</summary>
/// <param name="Args">The command line, without configuration overrides.</param>
/// <param name="Files">Files the command names (import), read by the client: the service may not see the client's files.</param>
/// <param name="User">Who runs the CLI, for the audit log.</param>
public sealed record ControlRequest(string[] Args, Dictionary<string, string> Files, string User);
