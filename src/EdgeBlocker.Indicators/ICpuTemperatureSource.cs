namespace EdgeBlocker.Indicators;

/// <summary>Where CPU temperature readings come from (the board's sensor; a fixed value in tests).</summary>
public interface ICpuTemperatureSource
{
    /// <summary>Whether the machine has a sensor that can be read.</summary>
    bool IsAvailable { get; }

    /// <summary>The temperature in °C, or null when it cannot be read now.</summary>
    double? ReadCelsius();
}
