using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace EdgeBlocker.Tests.Hosting;

/// <summary>
/// A stop asked for while the host is still starting (SIGTERM while the web page's address is being bound, after the
/// SIP sockets already carry calls) is an orderly stop: what started is stopped, and nothing is thrown.
/// </summary>
public sealed class StopWhileStartingTests
{
    [Fact]
    public async Task A_stop_during_start_stops_the_services_that_started_and_returns()
    {
        var builder = Host.CreateApplicationBuilder();
        var started = new StartedService();
        var slow = new SlowStartService();
        builder.Services.AddHostedService(_ => started);
        builder.Services.AddHostedService(_ => slow);
        var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        var run = Program.RunServiceAsync(host);
        await slow.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lifetime.StopApplication();

        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(started.Stopped, "the service that had started was not stopped");
    }

    [Fact]
    public async Task A_started_host_runs_until_stopped_and_then_stops_its_services()
    {
        var builder = Host.CreateApplicationBuilder();
        var started = new StartedService();
        builder.Services.AddHostedService(_ => started);
        var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        var run = Program.RunServiceAsync(host);
        await started.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(run.IsCompleted);
        lifetime.StopApplication();

        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(started.Stopped);
    }

    private sealed class StartedService : IHostedService
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Stopped { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }

    /// <summary>Starts only when its start is cancelled, as Kestrel's bind does then: by throwing.</summary>
    private sealed class SlowStartService : IHostedService
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
