using Iot.Device.CpuTemperature;

namespace EdgeBlocker.Indicators;

/// <summary>The board's CPU temperature through Iot.Device.Bindings' <see cref="CpuTemperature"/> (on Linux the first
/// thermal zone, <c>/sys/class/thermal/thermal_zone0/temp</c>).</summary>
public sealed class BoardCpuTemperature : ICpuTemperatureSource, IDisposable
{
    private readonly CpuTemperature _sensor = new();

    public bool IsAvailable => _sensor.IsAvailable;

    public double? ReadCelsius()
    {
        if (!_sensor.IsAvailable)
        {
            return null;
        }

        try
        {
            var celsius = _sensor.Temperature.DegreesCelsius;
            return double.IsFinite(celsius) ? celsius : null;
        }
#pragma warning disable CA1031 // The binding throws a bare Exception for an unreadable file; a missing reading is not an error.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    public void Dispose() => _sensor.Dispose();
}
