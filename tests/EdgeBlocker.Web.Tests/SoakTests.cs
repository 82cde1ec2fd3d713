using System.Globalization;
using System.Text;
using EdgeBlocker.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeBlocker.Web.Tests;

/// <summary>
/// A soak: sipp calls through the running service (half from a listed caller, blocked; half relayed to a sipp core)
/// for SOAK_SECONDS (90 in <c>make test</c>, 1800 in <c>make soak</c>) at SOAK_RATE calls per second. No call may fail,
/// and resident memory, open file handles and the call-record queue must stay flat: what a box that runs for months
/// needs. The samples are written to soak.csv in the test results. SOAK_HOST names the build under test.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class SoakTests(ITestOutputHelper log)
{
    /// <summary>sipp's socket buffers: the kernel grants up to net.core.rmem_max (`make soak` raises it to this).</summary>
    private const int SippBuffer = 4 * 1024 * 1024;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    [Fact]
    public async Task Calls_at_a_steady_rate_fail_none_and_memory_handles_and_the_record_queue_stay_flat()
    {
        var seconds = Setting("SOAK_SECONDS", 90);
        var rate = Setting("SOAK_RATE", 100);
        var corePort = Ports.Next();
        var settings = new ServiceSettings { Core = $"udp:{Loopback.Core}:{corePort}", T1 = null };
        var host = Host();
        await using var service = await ServiceProcess.StartAsync(settings, host);
        Assert.True(await Loopback.WaitListeningAsync(Loopback.Box, settings.WebPort, tcp: true, TimeSpan.FromSeconds(20)), service.Output);
        string token;
        using (var session = new WebSession(service.BaseAddress()))
        {
            await session.SetUpPasswordAsync();
            token = await session.CreateTokenAsync("soak", "reader");
        }

        using var metrics = WebSession.WithToken(service.BaseAddress(), token);
        var calls = rate / 2 * seconds;
        var span = TimeSpan.FromSeconds(seconds + 60);
        await using var core = await Sipp.StartAsync(new SippOptions { Scenario = "uas_call.xml", LocalAddress = Loopback.Core, LocalPort = corePort, Calls = calls, Timeout = span, TraceMessages = false, BufferBytes = SippBuffer });
        await using var allowed = await Sipp.StartAsync(new SippOptions
        {
            Scenario = "uac_call.xml", LocalAddress = Loopback.Peer, Remote = service.SipEndPoint, Calls = calls, Rate = rate / 2, Timeout = span, TraceMessages = false, BufferBytes = SippBuffer,
            Keys = new Dictionary<string, string> { ["caller"] = ServiceSettings.CleanNumber },
        });
        await using var blocked = await Sipp.StartAsync(new SippOptions
        {
            Scenario = "uac_blocked.xml", LocalAddress = Loopback.Peer, Remote = service.SipEndPoint, Calls = calls, Rate = rate / 2, Timeout = span, TraceMessages = false, BufferBytes = SippBuffer,
            Keys = new Dictionary<string, string> { ["caller"] = ServiceSettings.BlockedNumber },
        });

        var samples = new List<Sample>();
        var started = DateTime.UtcNow;
        var every = TimeSpan.FromSeconds(Math.Clamp(seconds / 20, 2, 30));
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(seconds) && !service.HasExited)
        {
            await Task.Delay(every);
            samples.Add(await SampleAsync(service, metrics, DateTime.UtcNow - started));
        }

        var allowedResult = await allowed.WaitAsync(TimeSpan.FromSeconds(60));
        var blockedResult = await blocked.WaitAsync(TimeSpan.FromSeconds(60));
        var coreResult = await core.WaitAsync(TimeSpan.FromSeconds(30));
        var curve = Report(samples);
        // The verdict goes last: a failure's output is often read from its tail.
        log.WriteLine($"{calls * 2} calls at {rate} cps for {seconds} s through {(host == HostCommand.Dotnet ? "dotnet edgeblocker.dll" : host.FileName)}\n{curve}\n{Verdict("relayed", allowedResult, calls)}\n" +
            $"{Verdict("blocked", blockedResult, calls)}\n{Verdict("core", coreResult, calls)}");

        Assert.True(allowedResult.Succeeded(calls), $"relayed calls failed:\n{allowedResult}\n\ncore:\n{coreResult}\n{curve}");
        Assert.True(blockedResult.Succeeded(calls), $"blocked calls failed:\n{blockedResult}\n{curve}");
        // The core's side too: an ACK lost in the box is never retransmitted, and the core aborts that call.
        Assert.True(coreResult.Succeeded(calls), $"the core did not complete every relayed call (a message lost in the box):\n{coreResult}\n{curve}");

        // Flat: memory fills for the first minute (JIT, pools, and transactions kept 64×T1 = 32 s after they end to
        // absorb retransmissions), then must hold. Compare the window after that warm-up with the last one.
        var fifth = Math.Max(1, samples.Count / 5);
        var warm = samples.FindIndex(s => s.At >= TimeSpan.FromSeconds(Math.Min(60, seconds / 2)));
        var early = samples.Skip(Math.Max(0, Math.Min(warm, samples.Count - (2 * fifth)))).Take(fifth).ToList();
        var late = samples.TakeLast(fifth).ToList();
        var earlyRss = early.Max(s => s.RssBytes);
        var lateRss = late.Max(s => s.RssBytes);
        Assert.True(lateRss <= (earlyRss * 1.15) + (8 << 20), $"resident memory grew from {earlyRss >> 20} MB to {lateRss >> 20} MB\n{curve}");
        Assert.True(late.Max(s => s.Handles) <= early.Max(s => s.Handles) + 8, $"file handles grew\n{curve}");
        Assert.True(late.Max(s => s.Queue) < 5_000, $"the call record queue grew\n{curve}");
        Assert.True(samples[^1].Dropped == 0, $"call records were dropped at {rate} cps\n{curve}");
    }

    /// <summary>SOAK_HOST, when set, is the published self-contained build to soak (what `make soak` runs: the
    /// ReadyToRun code that ships); otherwise the solution's build (<c>dotnet edgeblocker.dll</c>).</summary>
    private static HostCommand Host() =>
        Environment.GetEnvironmentVariable("SOAK_HOST") is { Length: > 0 } executable
            ? new HostCommand(Path.GetFullPath(executable), [], new Dictionary<string, string>())
            : HostCommand.Dotnet;

    private static string Verdict(string side, SippResult result, int calls)
    {
        var line = $"{side}: {result.SuccessfulCalls} of {calls} calls succeeded, {result.FailedCalls} failed, exit {result.ExitCode}{(result.TimedOut ? ", timed out" : string.Empty)}";
        if (result.Succeeded(calls))
        {
            return line;
        }

        var errors = result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return line + "; sipp's first errors:\n  " + string.Join("\n  ", errors.Take(12));
    }

    private static async Task<Sample> SampleAsync(ServiceProcess service, HttpClient metrics, TimeSpan at)
    {
        var text = await metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return new Sample(at, service.ResidentBytes(), service.OpenHandles(), Metric(text, "edgeblocker_call_record_queue_length"), Metric(text, "edgeblocker_call_records_dropped_total"));
    }

    private static long Metric(string text, string name)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return line is null ? -1 : (long)double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static string Report(List<Sample> samples)
    {
        var csv = new StringBuilder("seconds,rss_mb,handles,queue,dropped\n");
        foreach (var s in samples)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{s.At.TotalSeconds:0},{s.RssBytes / 1048576.0:0.0},{s.Handles},{s.Queue},{s.Dropped}\n");
        }

        File.WriteAllText(Path.Combine(Path.GetDirectoryName(Artifacts.Screenshots)!, "soak.csv"), csv.ToString());
        return csv.ToString();
    }

    private sealed record Sample(TimeSpan At, long RssBytes, int Handles, long Queue, long Dropped);
}
