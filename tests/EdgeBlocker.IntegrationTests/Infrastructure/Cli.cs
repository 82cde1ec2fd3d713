using System.Diagnostics;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>Runs the real <c>edgeblocker</c> CLI against a service's data directory and settings.</summary>
public static class Cli
{
    public sealed record Result(int Exit, string Output, string Error)
    {
        public override string ToString() => $"exit {Exit}\n{Output}{Error}";
    }

    public static async Task<Result> RunAsync(ServiceProcess service, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServiceProcess.HostDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The same settings as the service, so the CLI finds its data directory (and validates the same way).
        foreach (var setting in service.Settings.ToArguments(service.DataDirectory))
        {
            start.ArgumentList.Add(setting);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await output, await error);
    }
}
