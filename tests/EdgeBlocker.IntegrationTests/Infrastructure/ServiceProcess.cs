using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// The real EdgeBlocker host (<c>dotnet edgeblocker.dll ...</c>) on 127.0.0.1, with a temporary data directory
/// and <c>DOTNET_ENVIRONMENT=Production</c> so no development demo data loads. Captures its output; stops it with
/// SIGTERM, then kills it; deletes the data directory on dispose.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int MaxLines = 5000;
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly bool ownsDataDirectory;

    private ServiceProcess(ServiceSettings settings, IReadOnlyList<string> arguments, string dataDirectory, bool ownsDataDirectory, HostCommand command)
    {
        this.ownsDataDirectory = ownsDataDirectory;
        Settings = settings;
        DataDirectory = dataDirectory;
        var start = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        var commandLine = command.Arguments.Concat(arguments).ToList();
        foreach (var argument in commandLine)
        {
            start.ArgumentList.Add(argument);
        }
        // Never the test runner's own service manager: a host under test notifies only the socket a test gives it.
        foreach (var inherited in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM" })
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // Console logs without colour codes, so failure messages read cleanly.
        start.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        foreach (var (name, value) in command.Environment.Concat(settings.Environment))
        {
            start.Environment[name] = value;
        }
        CommandLine = command.FileName + " " + string.Join(' ', commandLine);
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.Exited += (_, _) => exited.TrySetResult();
    }

    /// <summary>The host assembly built by the ProjectReference, as recorded in this assembly's metadata.</summary>
    public static string HostDll { get; } =
        typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "EdgeBlockerDll").Value!;

    public ServiceSettings Settings { get; }

    public string DataDirectory { get; }

    public string CommandLine { get; }

    /// <summary>The box's SIP address (UDP and TCP).</summary>
    public IPEndPoint SipEndPoint => new(Loopback.Box, Settings.Port);

    /// <summary>The box's own SIP URI: sip:127.0.0.1:P.</summary>
    public string SipUri => $"sip:{Loopback.Box}:{Settings.Port}";

    public bool HasExited => exited.Task.IsCompleted;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>Everything the host printed (stdout and stderr interleaved), with the command line first.</summary>
    public string Output => $"$ {CommandLine}\n{Printed}";

    /// <summary>Only what the host printed.</summary>
    public string Printed => string.Join('\n', lines);

    /// <summary>Starts the host and waits until it answers OPTIONS; fails the test with its output if it never does.</summary>
    public static async Task<ServiceProcess> StartAsync(ServiceSettings settings, HostCommand? command = null, TimeSpan? readyTimeout = null, string? dataDirectory = null)
    {
        var service = Launch(settings, command, dataDirectory);
        try
        {
            await service.WaitReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(20));
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the host without waiting for readiness (for start-up failure and readiness tests). With
    /// <paramref name="dataDirectory"/> it runs on that directory (a restart) and leaves it in place when disposed;
    /// otherwise on a fresh one it deletes.
    /// </summary>
    public static ServiceProcess Launch(ServiceSettings settings, HostCommand? command = null, string? dataDirectory = null)
    {
        command ??= HostCommand.Dotnet;
        if (command == HostCommand.Dotnet && !File.Exists(HostDll))
        {
            Assert.Fail($"the host is not built: {HostDll} is missing (dotnet build -c Release)");
        }
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("edgeblocker-it-").FullName;
        var service = new ServiceProcess(settings, settings.ToArguments(dataDirectory), dataDirectory, owns, command);
        service.process.Start();
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Polls OPTIONS over UDP until the box answers 200; fails with the host's output otherwise.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        await using var client = SipClient.Udp(SipEndPoint);
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
            {
                await WaitForOutputAsync();
                Assert.Fail($"the host exited with code {process.ExitCode} before answering OPTIONS:\n{Output}");
            }
            if (await ProbeAsync(client, TimeSpan.FromMilliseconds(250)))
            {
                return;
            }
        }
        Assert.Fail($"the host did not answer OPTIONS {SipUri} with 200 within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>Whether the box answers OPTIONS with 200 within <paramref name="timeout"/>.</summary>
    public async Task<bool> AnswersOptionsAsync(TimeSpan timeout)
    {
        await using var client = SipClient.Udp(SipEndPoint);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !HasExited)
        {
            if (await ProbeAsync(client, TimeSpan.FromMilliseconds(500)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>One OPTIONS over UDP, no retransmission: whether 200 comes back within <paramref name="timeout"/>.</summary>
    public async Task<bool> AnswersOneOptionsAsync(TimeSpan timeout)
    {
        await using var client = SipClient.Udp(SipEndPoint);
        return await ProbeAsync(client, timeout);
    }

    /// <summary>Fails the test unless the host is still running and answers OPTIONS.</summary>
    public async Task AssertAliveAsync(string after)
    {
        if (HasExited)
        {
            await WaitForOutputAsync();
            Assert.Fail($"the host exited (code {process.ExitCode}) after {after}:\n{Output}");
        }
        if (!await AnswersOptionsAsync(TimeSpan.FromSeconds(5)))
        {
            Assert.Fail($"the host stopped answering OPTIONS after {after}:\n{Output}");
        }
    }

    /// <summary>Waits for the host to exit on its own; returns its exit code, or null on timeout.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        var done = await Task.WhenAny(exited.Task, Task.Delay(timeout));
        if (done != exited.Task)
        {
            return null;
        }
        await WaitForOutputAsync();
        return process.ExitCode;
    }

    /// <summary>SIGTERM, then SIGKILL after 10 s.</summary>
    public async Task StopAsync()
    {
        if (HasExited)
        {
            return;
        }
        try
        {
            // The shell's kill builtin: no dependency on procps, no P/Invoke.
            using var kill = Process.Start("sh", ["-c", "kill -TERM " + process.Id.ToString(CultureInfo.InvariantCulture)]);
            if (kill is not null)
            {
                await kill.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        if (await WaitForExitAsync(TimeSpan.FromSeconds(10)) is null)
        {
            process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush; what a power cut leaves behind.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>The host's resident memory now (VmRSS), in bytes; 0 once it has exited.</summary>
    public long ResidentBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The host's open file descriptors now (sockets, files); 0 once it has exited.</summary>
    public int OpenHandles()
    {
        try
        {
            return Directory.GetFileSystemEntries($"/proc/{process.Id}/fd").Length;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
        if (!ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a file still held open
        }
    }

    private async Task<bool> ProbeAsync(SipClient client, TimeSpan timeout)
    {
        var callId = "probe-" + Guid.NewGuid().ToString("N");
        await client.SendAsync(
            $"OPTIONS {SipUri} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {client.SentBy};branch=z9hG4bK{Guid.NewGuid():N}\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:probe@{Loopback.Peer}>;tag=probe\r\n" +
            $"To: <{SipUri}>\r\n" +
            $"Call-ID: {callId}\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Accept: application/sdp\r\n" +
            "Content-Length: 0\r\n\r\n");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var response = await client.ReceiveAsync(deadline - DateTime.UtcNow);
            if (response is null)
            {
                return false;
            }
            if (response.CallId == callId && response.StatusCode == 200)
            {
                return true;
            }
        }
        return false;
    }

    private async Task WaitForOutputAsync()
    {
        // The Exited event can fire before the last redirected lines are read.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }
        lines.Enqueue(line);
        while (lines.Count > MaxLines && lines.TryDequeue(out _))
        {
        }
    }
}
