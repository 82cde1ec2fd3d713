using System.Diagnostics;
using EdgeBlocker.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace EdgeBlocker.IntegrationTests.Packaging;

/// <summary>
/// The published linux-arm64 build, the one the Pi runs, started under qemu-aarch64-static user-mode emulation
/// with the arm64 libraries of the package's dependencies (<c>dpkg --add-architecture arm64</c>). W^X is off under
/// emulation only: qemu cannot run .NET's double-mapped code pages.
/// </summary>
[Collection(PackagingSuite.Name)]
public class EmulatedArm64Tests(PackageBuild build, ITestOutputHelper log)
{
    /// <summary>Emulated start (JIT and ReadyToRun code under qemu) takes tens of seconds; bounded all the same.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Published_arm64_build_answers_options_and_blocks_a_listed_caller_under_emulation()
    {
        build.AssertBuilt();
        var executable = Path.Combine(PackageBuild.PublishDirectory("linux-arm64"), "edgeblocker");
        var file = await ShellCommand.RunAsync("file", ["-L", executable], TimeSpan.FromSeconds(30));
        Assert.Contains("ARM aarch64", file.Output, StringComparison.Ordinal);

        var web = new Uri($"http://{Loopback.Box}:{Ports.Next()}/");
        var settings = new ServiceSettings
        {
            Core = $"udp:{Loopback.Core}:{Ports.Next()}",
            Extra = new Dictionary<string, string> { ["EdgeBlocker:Web:Urls"] = web.ToString().TrimEnd('/') },
        };
        var command = new HostCommand("qemu-aarch64-static", [executable], new Dictionary<string, string> { ["DOTNET_EnableWriteXorExecute"] = "0" });
        var started = Stopwatch.StartNew();
        await using var service = await ServiceProcess.StartAsync(settings, command, StartTimeout);
        log.WriteLine($"emulated arm64 start to first OPTIONS 200: {started.Elapsed.TotalSeconds:0.0} s");

        Assert.True(await service.AnswersOneOptionsAsync(TimeSpan.FromSeconds(10)), $"no 200 to OPTIONS\n{service.Output}");

        // uac_blocked.xml fails the call unless the 603 carries the redress contact in its Reason header.
        var caller = await Sipp.RunAsync(UdpProxyCallTests.Uac("uac_blocked.xml", service, ServiceSettings.BlockedNumber));
        Assert.True(caller.Succeeded(1), $"caller:\n{caller}\n\nbox:\n{service.Output}");

        await Healthz.AssertServedAsync(web, TimeSpan.FromSeconds(30), service.Output);
    }
}
