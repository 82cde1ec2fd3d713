using EdgeBlocker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker;

/// <summary>The <c>edgeblocker</c> executable: the service, or a CLI command when given one.</summary>
public static partial class Program
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
            await RunServiceAsync(host);
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

    /// <summary>
    /// Starts the host and runs it until it is asked to stop. A stop asked for while it is still starting (SIGTERM
    /// while the web page's address is being bound, after the SIP sockets already carry calls) cancels the start;
    /// the host's own run would then throw, and the process would abort with the records still queued. Here it is a
    /// stop like any other: every service is stopped, so the record writer writes out its queue.
    /// </summary>
    internal static async Task RunServiceAsync(IHost host)
    {
        try
        {
            if (await StartedAsync(host))
            {
                await host.WaitForShutdownAsync();
            }
        }
        finally
        {
            if (host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                host.Dispose();
            }
        }
    }

    /// <summary>Starts the host; false when a stop came during the start, and what had started is then stopped.</summary>
    private static async Task<bool> StartedAsync(IHost host)
    {
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        try
        {
            await host.StartAsync();
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Program));
            LogStopWhileStarting(logger);
            await host.StopAsync();
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Asked to stop while starting: stopping what started")]
    private static partial void LogStopWhileStarting(ILogger logger);
}
