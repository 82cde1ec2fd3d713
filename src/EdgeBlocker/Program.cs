using EdgeBlocker.Hosting;
using Microsoft.Extensions.Hosting;

namespace EdgeBlocker;

/// <summary>The <c>edgeblocker</c> executable: the service, or a CLI command when given one.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--version"] or ["version"])
        {
            await Console.Out.WriteLineAsync("edgeblocker " + typeof(Program).Assembly.GetName().Version?.ToString(3));
            return 0;
        }

        if (args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } command && Cli.CommandLineApp.Commands.Contains(command))
        {
            return await Cli.CliRunner.RunAsync(args, Console.Out, Console.Error);
        }

        try
        {
            using var host = ServiceHost.Build(args);
            await host.RunAsync();
            return Environment.ExitCode; // 0, or 75 when the web page asked for a restart (Web.Services.ServiceRestart)
        }
        catch (StartupException e)
        {
            await Console.Error.WriteLineAsync("edgeblocker: cannot start: " + e.Message);
            if (e.FaultHold > TimeSpan.Zero)
            {
                // The health LED shows the error's blink code meanwhile; exiting at once would put it out.
                await Task.Delay(e.FaultHold);
            }

            return 2;
        }
        catch (IOException e) when (e.Message.StartsWith("Failed to bind to address", StringComparison.Ordinal))
        {
            // Kestrel binds the web page's address when the host starts, after the SIP sockets: still a start-up error.
            await Console.Error.WriteLineAsync($"edgeblocker: cannot start: {Web.WebOptions.SectionName}:Urls: {e.Message}");
            return 2;
        }
    }
}
