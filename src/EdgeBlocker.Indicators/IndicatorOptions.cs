using System.Globalization;

namespace EdgeBlocker.Indicators;

/// <summary>Status LEDs, bypass button and CPU temperature, configuration section <c>EdgeBlocker:Indicators</c>.</summary>
public sealed class IndicatorOptions
{
    public const string SectionName = "EdgeBlocker:Indicators";

    /// <summary>Lowest and highest BCM number accepted: 0 and 1 are the HAT ID EEPROM's, 27 is the last on the header.</summary>
    public const int LowestPin = 2;

    public const int HighestPin = 27;

    /// <summary><c>gpio</c> (the Pi's pins through libgpiod) or <c>simulated</c> (pins in memory, changes logged).
    /// Default: <c>gpio</c> on a Raspberry Pi, <c>simulated</c> elsewhere.</summary>
    public string? Driver { get; init; }

    /// <summary>The GPIO chip the pins belong to (<c>/dev/gpiochipN</c>). Default 0, the 40-pin header on a Pi 3, 4 and 5
    /// (kernel 6.6 and later).</summary>
    public int GpioChip { get; init; }

    /// <summary>BCM numbers of the LEDs and the button.</summary>
    public IndicatorPinOptions Pins { get; init; } = new();

    /// <summary>How long the bypass button must be held to toggle bypass. Default 3 s.</summary>
    public TimeSpan ButtonHoldTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Above this CPU temperature, °C, a warning is logged (once per crossing). Default 75 (a Pi throttles at 80).</summary>
    public double CpuTemperatureWarning { get; init; } = 75;

    /// <summary>How often the CPU temperature is read. Default 30 s.</summary>
    public TimeSpan CpuTemperatureInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a start-up fault's blink code shows before the service exits (code 2), so that the technician
    /// at the rack can count it. Default 30 s with the <c>gpio</c> driver, 0 with <c>simulated</c>.</summary>
    public TimeSpan? FaultHoldTime { get; init; }

    /// <summary>The driver to use: the configured one, else <c>gpio</c> when <paramref name="isRaspberryPi"/>.</summary>
    public IndicatorDriverKind ResolveDriver(bool isRaspberryPi) =>
        Driver?.Trim().ToUpperInvariant() switch
        {
            "GPIO" => IndicatorDriverKind.Gpio,
            "SIMULATED" => IndicatorDriverKind.Simulated,
            _ => isRaspberryPi ? IndicatorDriverKind.Gpio : IndicatorDriverKind.Simulated,
        };

    /// <summary>The fault hold time in force for <paramref name="driver"/>.</summary>
    public TimeSpan FaultHoldFor(IndicatorDriverKind driver) =>
        FaultHoldTime ?? (driver == IndicatorDriverKind.Gpio ? TimeSpan.FromSeconds(30) : TimeSpan.Zero);

    /// <summary>Every problem, each naming its key; empty when the settings are good.</summary>
    public IReadOnlyList<string> Validate()
    {
        const string S = SectionName;
        var problems = new List<string>();
        if (Driver is { } driver && !string.IsNullOrWhiteSpace(driver) && driver.Trim().ToUpperInvariant() is not ("GPIO" or "SIMULATED"))
        {
            problems.Add($"{S}:Driver: '{driver}' must be gpio or simulated");
        }

        if (GpioChip is < 0 or > 15)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:GpioChip: {GpioChip} must be between 0 and 15"));
        }

        var seen = new Dictionary<int, string>();
        foreach (var (name, pin) in Pins.ByName())
        {
            if (pin is < LowestPin or > HighestPin)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:Pins:{name}: {pin} is not a BCM GPIO number on the header ({LowestPin}-{HighestPin})"));
            }
            else if (!seen.TryAdd(pin, name))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:Pins:{name}: BCM {pin} is already {S}:Pins:{seen[pin]}; each LED and the button need their own pin"));
            }
        }

        if (ButtonHoldTime < TimeSpan.FromMilliseconds(500) || ButtonHoldTime > TimeSpan.FromSeconds(30))
        {
            problems.Add($"{S}:ButtonHoldTime: must be between 00:00:00.5 and 00:00:30");
        }

        if (double.IsNaN(CpuTemperatureWarning) || CpuTemperatureWarning is < 40 or > 110)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:CpuTemperatureWarning: {CpuTemperatureWarning} must be between 40 and 110 (°C)"));
        }

        if (CpuTemperatureInterval < TimeSpan.FromSeconds(1) || CpuTemperatureInterval > TimeSpan.FromHours(1))
        {
            problems.Add($"{S}:CpuTemperatureInterval: must be between 00:00:01 and 01:00:00");
        }

        if (FaultHoldTime is { } hold && (hold < TimeSpan.Zero || hold > TimeSpan.FromMinutes(10)))
        {
            problems.Add($"{S}:FaultHoldTime: must be between 00:00:00 and 00:10:00");
        }

        return problems;
    }
}
