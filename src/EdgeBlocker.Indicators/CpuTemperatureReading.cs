namespace EdgeBlocker.Indicators;

/// <summary>The last CPU temperature reading, for the dashboard and <c>/metrics</c>.</summary>
/// <param name="Available">False where the machine has no readable sensor (VMs, containers).</param>
/// <param name="Celsius">The temperature, °C; null when not available or not read yet.</param>
/// <param name="ReadAt">When it was read; null before the first reading.</param>
/// <param name="WarningCelsius">The configured warning limit (EdgeBlocker:Indicators:CpuTemperatureWarning).</param>
public sealed record CpuTemperatureReading(bool Available, double? Celsius, DateTimeOffset? ReadAt, double WarningCelsius)
{
    /// <summary>Whether the last reading is above the warning limit.</summary>
    public bool AboveWarning => Celsius > WarningCelsius;
}
