using EdgeBlocker.Systemd;

namespace EdgeBlocker.Tests.Systemd;

public class SystemdEnvironmentTests
{
    [Fact]
    public void Reads_the_socket_and_the_watchdog_timeout_and_pings_at_half_of_it()
    {
        var environment = Read(new() { ["NOTIFY_SOCKET"] = "/run/systemd/notify", ["WATCHDOG_USEC"] = "30000000" }, 42);

        Assert.Equal("/run/systemd/notify", environment.NotifySocket);
        Assert.Equal(TimeSpan.FromSeconds(30), environment.WatchdogTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), environment.WatchdogPingInterval);
    }

    [Theory]
    [InlineData("42", true)]
    [InlineData("43", false)]
    public void The_watchdog_applies_only_to_the_process_it_names(string watchdogPid, bool applies)
    {
        var environment = Read(new() { ["NOTIFY_SOCKET"] = "@notify", ["WATCHDOG_USEC"] = "2000000", ["WATCHDOG_PID"] = watchdogPid }, 42);

        Assert.Equal(applies, environment.WatchdogTimeout is not null);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("99999999999999999999")]
    public void No_or_bad_timeout_means_no_watchdog(string? usec)
    {
        var variables = new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = "/run/systemd/notify", ["WATCHDOG_USEC"] = usec };

        Assert.Null(Read(variables, 1).WatchdogTimeout);
    }

    [Fact]
    public void Without_systemd_there_is_nothing_to_notify()
    {
        var environment = Read([], 1);

        Assert.Null(environment.NotifySocket);
        Assert.Null(environment.WatchdogPingInterval);
    }

    private static SystemdEnvironment Read(Dictionary<string, string?> variables, int pid) =>
        SystemdEnvironment.Read(name => variables.GetValueOrDefault(name), pid);
}
