namespace EdgeBlocker.Indicators;

/// <summary>Tells whether this machine is a Raspberry Pi, from the device tree's model string.</summary>
public static class BoardDetector
{
    /// <summary>Where Linux publishes the board's model (<c>Raspberry Pi 4 Model B Rev 1.5</c>).</summary>
    public const string DeviceTreeModel = "/proc/device-tree/model";

    /// <summary>True when <paramref name="modelPath"/> names a Raspberry Pi; false when it is missing or unreadable.</summary>
    public static bool IsRaspberryPi(string modelPath = DeviceTreeModel)
    {
        try
        {
            return File.Exists(modelPath) && File.ReadAllText(modelPath).Contains("Raspberry Pi", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
