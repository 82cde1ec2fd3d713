using System.Diagnostics;
using System.Text;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>One external command run to completion within a time limit (killed with its children after it), its
/// standard output and error captured together.</summary>
public sealed record ShellCommand(string CommandLine, int ExitCode, bool TimedOut, string Output)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    public override string ToString() => $"$ {CommandLine}\n(exit {ExitCode}{(TimedOut ? ", timed out" : string.Empty)})\n{Output}";

    public static async Task<ShellCommand> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // A make started by the test is its own make, not a sub-make of the `make test` that may have started us.
        foreach (var name in new[] { "MAKEFLAGS", "MFLAGS", "MAKELEVEL" })
        {
            start.Environment.Remove(name);
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var timedOut = false;
        using (var cts = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.WaitForExit(); // drains the redirected output
        string text;
        lock (output)
        {
            text = output.ToString();
        }
        return new ShellCommand(fileName + " " + string.Join(' ', start.ArgumentList), process.ExitCode, timedOut, text);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            // Keep the end, where failures are reported, within a readable size.
            if (output.Length > 200_000)
            {
                output.Remove(0, 100_000);
            }
            output.AppendLine(line);
        }
    }
}
