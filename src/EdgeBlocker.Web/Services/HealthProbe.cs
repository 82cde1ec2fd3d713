using System.Globalization;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;

namespace EdgeBlocker.Web.Services;

/// <summary>The service's health for the dashboard and /api/health: uptime, CPU temperature, database size, record drops.</summary>
public sealed class HealthProbe
{
    /// <summary>Linux thermal zone of the SoC (Raspberry Pi and most boards); absent on many PCs and VMs.</summary>
    private const string ThermalZone = "/sys/class/thermal/thermal_zone0/temp";

    private readonly TimeProvider _time;
    private readonly EdgeBlockerDatabase _database;
    private readonly CallRecordWriter _writer;
    private readonly long _started;

    public HealthProbe(TimeProvider time, EdgeBlockerDatabase database, CallRecordWriter writer)
    {
        _time = time;
        _database = database;
        _writer = writer;
        _started = time.GetTimestamp();
    }

    /// <summary>
    /// The health now. Uptime is measured on the monotonic clock: a wall clock stepped by NTP (a Pi boots with a stale
    /// one) or by an admin is no uptime. The start is given on the wall clock as it is now, so once NTP has set it the
    /// start time shown is right even if the service started on a stale clock.
    /// </summary>
    public HealthView Read()
    {
        var uptime = _time.GetElapsedTime(_started);
        return new HealthView(
            _time.GetUtcNow() - uptime,
            uptime,
            CpuTemperature(),
            DatabaseBytes(),
            _writer.Written,
            _writer.Dropped,
            _writer.FailedBatches,
            _writer.QueueLength);
    }

    /// <summary>Degrees Celsius, or null where the board does not say.</summary>
    public static double? CpuTemperature()
    {
        try
        {
            var text = File.Exists(ThermalZone) ? File.ReadAllText(ThermalZone).Trim() : null;
            return text is not null && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milli) ? milli / 1000.0 : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private long DatabaseBytes()
    {
        long total = 0;
        var path = _database.DatabasePath;
        foreach (var file in new[] { path, Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path)) })
        {
            var info = new FileInfo(file);
            total += info.Exists ? info.Length : 0;
        }

        return total;
    }
}
