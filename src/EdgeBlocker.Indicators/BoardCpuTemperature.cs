using System.Buffers.Text;

namespace EdgeBlocker.Indicators;

/// <summary>
/// The board's CPU temperature from the kernel's first thermal zone (<c>/sys/class/thermal/thermal_zone0/temp</c>,
/// millidegrees Celsius; the Raspberry Pi's SoC sensor). Iot.Device.Bindings' <c>CpuTemperature</c> reads the same
/// file, but its reading is a UnitsNet quantity, and UnitsNet's unit tables cost about 3 MB of resident memory (a
/// start with 1M numbers: 147 MB with it, 143–144 MB without) for one number every 30 s.
/// </summary>
public sealed class BoardCpuTemperature : ICpuTemperatureSource
{
    private const string ThermalZone = "/sys/class/thermal/thermal_zone0/temp";

    private readonly string _path;

    public BoardCpuTemperature()
        : this(ThermalZone)
    {
    }

    internal BoardCpuTemperature(string path) => _path = path;

    public bool IsAvailable => File.Exists(_path);

    public double? ReadCelsius()
    {
        Span<byte> text = stackalloc byte[32];
        int length;
        try
        {
            using var file = File.OpenHandle(_path);
            length = RandomAccess.Read(file, text, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone (a zone can vanish) or unreadable: no reading now
        }

        var digits = text[..length].TrimEnd("\n "u8);
        return Utf8Parser.TryParse(digits, out int millidegrees, out var used) && used == digits.Length ? millidegrees / 1000.0 : null;
    }
}
