using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// One running sipp process (SIPp 3.6). Always bounded: -m, -timeout with -timeout_error, -recv_timeout, and a
/// process timeout after which it is killed. Runs in its own temporary directory, where it writes its statistics
/// (-trace_stat), unexpected messages (-trace_err) and message trace (-trace_msg), read back into
/// <see cref="SippResult"/>.
/// </summary>
public sealed class Sipp : IAsyncDisposable
{
    private const int MaxOutputChars = 20000;
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly string directory;
    private readonly SippOptions options;

    private Sipp(SippOptions options)
    {
        this.options = options;
        directory = Directory.CreateTempSubdirectory("edgeblocker-sipp-").FullName;
        var scenario = Path.Combine(AppContext.BaseDirectory, "Scenarios", options.Scenario);
        if (!File.Exists(scenario))
        {
            throw new FileNotFoundException("sipp scenario missing from the test output", scenario);
        }
        var arguments = new List<string>();
        if (options.Remote is { } remote)
        {
            arguments.Add($"{remote.Address}:{remote.Port}");
        }
        arguments.AddRange([
            "-sf", scenario,
            "-i", options.LocalAddress.ToString(),
            "-p", options.LocalPort.ToString(CultureInfo.InvariantCulture),
            "-t", options.Tcp ? "t1" : "u1",
            "-m", options.Calls.ToString(CultureInfo.InvariantCulture),
            "-l", options.Calls.ToString(CultureInfo.InvariantCulture),
            "-s", options.Service,
            "-timeout", Seconds(options.Timeout),
            "-timeout_error",
            "-recv_timeout", ((int)options.ReceiveTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "-max_retrans", "5",
            "-nostdin",
            // Media and control sockets on ports of our own, so parallel sipps never collide on 6000/8888.
            "-mp", MediaPort().ToString(CultureInfo.InvariantCulture),
            "-cp", Ports.Next().ToString(CultureInfo.InvariantCulture),
            "-trace_stat", "-stf", "stats.csv", "-fd", "1",
            "-trace_err", "-error_file", "errors.log",
        ]);
        if (options.TraceMessages)
        {
            arguments.AddRange(["-trace_msg", "-message_file", "messages.log"]);
        }

        if (options.BufferBytes is { } buffer)
        {
            arguments.AddRange(["-buff_size", buffer.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.Rate is { } rate)
        {
            arguments.AddRange(["-r", rate.ToString(CultureInfo.InvariantCulture)]);
        }
        foreach (var (key, value) in options.Keys)
        {
            arguments.AddRange(["-key", key, value]);
        }
        var start = new ProcessStartInfo("sipp")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["TERM"] = "dumb";
        CommandLine = "sipp " + string.Join(' ', arguments);
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
    }

    public string CommandLine { get; }

    /// <summary>
    /// A media port for sipp, and the three after it: sipp binds audio and video RTP and RTCP from it (mp, mp+1, mp+2,
    /// mp+3), late, so those must never be handed to another sipp as its SIP port.
    /// </summary>
    private static int MediaPort()
    {
        var port = Ports.Next();
        for (var i = 0; i < 3; i++)
        {
            Ports.Next();
        }

        return port;
    }

    /// <summary>The sipp's SIP port (-p): for a UAS, the core port to give the box.</summary>
    public int Port => options.LocalPort;

    /// <summary>Starts sipp. A UAS is returned once its socket is bound, so the box can reach it at once.</summary>
    public static async Task<Sipp> StartAsync(SippOptions options)
    {
        var sipp = new Sipp(options);
        try
        {
            sipp.process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("sipp is not installed: run tests/tools/install-deps.sh (apt package sip-tester)", e);
        }
        sipp.process.BeginOutputReadLine();
        sipp.process.BeginErrorReadLine();
        if (options.Remote is null &&
            !await Loopback.WaitListeningAsync(options.LocalAddress, options.LocalPort, options.Tcp, TimeSpan.FromSeconds(10)))
        {
            var early = await sipp.WaitAsync(TimeSpan.FromSeconds(1));
            Assert.Fail($"sipp UAS did not bind {options.LocalAddress}:{options.LocalPort}:\n{early}");
        }
        return sipp;
    }

    /// <summary>Runs sipp to completion.</summary>
    public static async Task<SippResult> RunAsync(SippOptions options)
    {
        await using var sipp = await StartAsync(options);
        return await sipp.WaitAsync();
    }

    /// <summary>Waits for sipp to exit (killing it after <paramref name="timeout"/>, by default its -timeout + 15 s).</summary>
    public async Task<SippResult> WaitAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? options.Timeout + TimeSpan.FromSeconds(15);
        var timedOut = false;
        using (var cts = new CancellationTokenSource(limit))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                Kill();
                await process.WaitForExitAsync();
            }
        }
        var (successful, failed) = ReadCounts();
        string text;
        lock (output)
        {
            text = output.ToString();
        }
        return new SippResult(
            CommandLine,
            process.ExitCode,
            timedOut,
            successful,
            failed,
            text,
            ReadFile("errors.log"),
            ReadFile("messages.log"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Kill();
            await process.WaitForExitAsync();
        }
        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Seconds(TimeSpan span) => ((int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    /// <summary>SuccessfulCall(C) and FailedCall(C) from the last row of sipp's statistics file.</summary>
    private (int Successful, int Failed) ReadCounts()
    {
        var path = Path.Combine(directory, "stats.csv");
        if (!File.Exists(path))
        {
            return (-1, -1);
        }
        var rows = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        if (rows.Count < 2)
        {
            return (-1, -1);
        }
        var names = rows[0].Split(';');
        var values = rows[^1].Split(';');
        int Column(string name)
        {
            var index = Array.IndexOf(names, name);
            return index >= 0 && index < values.Length && int.TryParse(values[index], CultureInfo.InvariantCulture, out var n) ? n : -1;
        }
        return (Column("SuccessfulCall(C)"), Column("FailedCall(C)"));
    }

    private string ReadFile(string name)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            return "(none)";
        }
        // Only the end: a long run's logs reach gigabytes.
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var skipped = Math.Max(0, file.Length - MaxOutputChars);
        file.Seek(skipped, SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        var text = reader.ReadToEnd();
        return skipped > 0 ? "...\n" + text : text;
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
            if (output.Length > MaxOutputChars * 2)
            {
                output.Remove(0, output.Length - MaxOutputChars);
            }
        }
    }
}
