namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>How a sipp run ended: exit code (0 = all calls succeeded, 1 = some failed), call counts and logs.</summary>
public sealed record SippResult(
    string CommandLine,
    int ExitCode,
    bool TimedOut,
    int SuccessfulCalls,
    int FailedCalls,
    string Output,
    string Errors,
    string Messages)
{
    /// <summary>True when sipp exited 0 after exactly <paramref name="calls"/> successful calls and no failed one.</summary>
    public bool Succeeded(int calls) => !TimedOut && ExitCode == 0 && SuccessfulCalls == calls && FailedCalls == 0;

    /// <summary>Everything needed to see why a run failed.</summary>
    public override string ToString() =>
        $"$ {CommandLine}\nexit {ExitCode}{(TimedOut ? " (killed: timed out)" : string.Empty)}, " +
        $"{SuccessfulCalls} successful, {FailedCalls} failed calls\n" +
        $"--- errors ---\n{Errors}\n--- messages ---\n{Messages}\n--- screen ---\n{Output}";
}
