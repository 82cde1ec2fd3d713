using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EdgeBlocker.Indicators.Tests;

public sealed class CpuTemperatureMonitorTests
{
    private sealed class FixedSource : ICpuTemperatureSource
    {
        public double? Celsius { get; set; } = 50;

        public bool IsAvailable => Celsius is not null;

        public double? ReadCelsius() => Celsius;
    }

    private sealed class Recorder : ILogger<CpuTemperatureMonitor>
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }

    [Fact]
    public void Readings_follow_the_interval_and_a_warning_is_logged_once_per_crossing()
    {
        var time = new FakeTimeProvider();
        var source = new FixedSource();
        var log = new Recorder();
        using var monitor = new CpuTemperatureMonitor(source, new IndicatorOptions { CpuTemperatureWarning = 75, CpuTemperatureInterval = TimeSpan.FromSeconds(30) }, time, log);
        monitor.Start();
        Assert.Equal(50, monitor.Current.Celsius);
        Assert.False(monitor.Current.AboveWarning);

        source.Celsius = 81.5;
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(50, monitor.Current.Celsius);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(81.5, monitor.Current.Celsius);
        Assert.True(monitor.Current.AboveWarning);
        time.Advance(TimeSpan.FromSeconds(60));
        var warning = Assert.Single(log.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("EdgeBlocker:Indicators:CpuTemperatureWarning", warning.Text, StringComparison.Ordinal);

        source.Celsius = 60;
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(log.Lines, l => l.Level == LogLevel.Information && l.Text.Contains("back under", StringComparison.Ordinal));
    }

    [Fact]
    public void A_machine_without_a_sensor_reports_not_available()
    {
        var time = new FakeTimeProvider();
        using var monitor = new CpuTemperatureMonitor(new FixedSource { Celsius = null }, new IndicatorOptions(), time, new Recorder());
        monitor.Start();
        Assert.False(monitor.Current.Available);
        Assert.Null(monitor.Current.Celsius);
        Assert.NotNull(monitor.Current.ReadAt);
    }
}
