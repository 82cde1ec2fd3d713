namespace EdgeBlocker.Indicators.Tests;

/// <summary>The thermal-zone reader over a file laid out as the kernel writes it.</summary>
public sealed class BoardCpuTemperatureTests : IDisposable
{
    private readonly string _zone = Path.Combine(Directory.CreateTempSubdirectory("edgeblocker-thermal-").FullName, "temp");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_zone)!, recursive: true);

    [Theory]
    [InlineData("48312\n", 48.312)]
    [InlineData("-5000\n", -5.0)] // below freezing, in a cold cabinet
    [InlineData("61000", 61.0)]
    public void Reads_millidegrees_as_degrees(string text, double celsius)
    {
        File.WriteAllText(_zone, text);
        var sensor = new BoardCpuTemperature(_zone);
        Assert.True(sensor.IsAvailable);
        Assert.Equal(celsius, sensor.ReadCelsius());
    }

    [Theory]
    [InlineData("")]
    [InlineData("hot\n")]
    [InlineData("48.3\n")]
    public void A_reading_that_is_not_a_whole_number_is_no_reading(string text)
    {
        File.WriteAllText(_zone, text);
        Assert.Null(new BoardCpuTemperature(_zone).ReadCelsius());
    }

    [Fact]
    public void A_machine_without_the_zone_has_no_sensor_and_no_reading()
    {
        var sensor = new BoardCpuTemperature(_zone);
        Assert.False(sensor.IsAvailable);
        Assert.Null(sensor.ReadCelsius());
    }
}
