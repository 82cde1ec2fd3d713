namespace EdgeBlocker.Indicators.Tests;

public sealed class IndicatorOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_match_DESIGN()
    {
        var options = new IndicatorOptions();
        Assert.Empty(options.Validate());
        Assert.Equal([("Health", 17), ("Trunk", 27), ("Blocked", 22), ("Sync", 23), ("Button", 24)], options.Pins.ByName());
        Assert.Equal(TimeSpan.FromSeconds(3), options.ButtonHoldTime);
    }

    [Fact]
    public void Two_roles_on_one_pin_are_refused_naming_both_keys()
    {
        var options = new IndicatorOptions { Pins = new IndicatorPinOptions { Sync = 17 } };
        var problem = Assert.Single(options.Validate());
        Assert.Contains("EdgeBlocker:Indicators:Pins:Sync", problem, StringComparison.Ordinal);
        Assert.Contains("EdgeBlocker:Indicators:Pins:Health", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(28)]
    [InlineData(-3)]
    public void A_pin_off_the_header_is_refused(int pin)
    {
        var options = new IndicatorOptions { Pins = new IndicatorPinOptions { Button = pin } };
        Assert.Contains(options.Validate(), p => p.StartsWith("EdgeBlocker:Indicators:Pins:Button:", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_driver_hold_time_and_temperature_are_each_named()
    {
        var options = new IndicatorOptions { Driver = "sysfs", ButtonHoldTime = TimeSpan.Zero, CpuTemperatureWarning = 500, CpuTemperatureInterval = TimeSpan.Zero, FaultHoldTime = TimeSpan.FromHours(1) };
        var problems = options.Validate();
        Assert.Contains(problems, p => p.StartsWith("EdgeBlocker:Indicators:Driver:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("EdgeBlocker:Indicators:ButtonHoldTime:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("EdgeBlocker:Indicators:CpuTemperatureWarning:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("EdgeBlocker:Indicators:CpuTemperatureInterval:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("EdgeBlocker:Indicators:FaultHoldTime:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, true, IndicatorDriverKind.Gpio)]
    [InlineData(null, false, IndicatorDriverKind.Simulated)]
    [InlineData("simulated", true, IndicatorDriverKind.Simulated)]
    [InlineData("GPIO", false, IndicatorDriverKind.Gpio)]
    public void The_driver_defaults_to_gpio_on_a_Pi_only(string? configured, bool pi, IndicatorDriverKind expected) =>
        Assert.Equal(expected, new IndicatorOptions { Driver = configured }.ResolveDriver(pi));

    [Fact]
    public void A_Pi_is_recognised_by_its_device_tree_model()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "Raspberry Pi 4 Model B Rev 1.5\0");
            Assert.True(BoardDetector.IsRaspberryPi(file));
            File.WriteAllText(file, "QEMU Virtual Machine\0");
            Assert.False(BoardDetector.IsRaspberryPi(file));
            Assert.False(BoardDetector.IsRaspberryPi(file + ".missing"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_missing_GPIO_chip_is_an_error_naming_the_driver_key()
    {
        var options = new IndicatorOptions { Driver = "gpio", GpioChip = 15 };
        var e = Assert.Throws<GpioUnavailableException>(() =>
            GpioControllerFactory.Create(IndicatorDriverKind.Gpio, options, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, out _));
        Assert.StartsWith("EdgeBlocker:Indicators:Driver: gpio", e.Message, StringComparison.Ordinal);
        Assert.Contains("EdgeBlocker:Indicators:GpioChip", e.Message, StringComparison.Ordinal);
    }
}
