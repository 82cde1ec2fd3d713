using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Indicators;

/// <summary>
/// Makes the <see cref="GpioController"/> the LEDs and the button get: libgpiod on the configured chip, or the
/// simulated driver. The devices never probe the board themselves (STYLE.md: hardware behind GpioDriver).
/// </summary>
public static class GpioControllerFactory
{
    /// <summary>The controller for <paramref name="driver"/>; <paramref name="simulated"/> is the simulated driver when
    /// that is the one chosen. Throws <see cref="GpioUnavailableException"/> naming the key when the chip cannot be opened.</summary>
    public static GpioController Create(IndicatorDriverKind driver, IndicatorOptions options, ILoggerFactory loggers, out SimulatedGpioDriver? simulated)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        simulated = null;
        if (driver == IndicatorDriverKind.Simulated)
        {
            var names = options.Pins.ByName().ToDictionary(p => p.Pin, p => p.Name);
            simulated = new SimulatedGpioDriver(names, loggers.CreateLogger<SimulatedGpioDriver>());
            return new GpioController(simulated);
        }

        try
        {
            return new GpioController(new LibGpiodDriver(options.GpioChip));
        }
#pragma warning disable CA1031 // libgpiod fails with DllNotFoundException, TypeInitializationException, IOException or a bare ExternalException: all mean "no GPIO here".
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            var chip = options.GpioChip.ToString(CultureInfo.InvariantCulture);
            throw new GpioUnavailableException(
                $"{IndicatorOptions.SectionName}:Driver: gpio, but GPIO chip {chip} (/dev/gpiochip{chip}, {IndicatorOptions.SectionName}:GpioChip) cannot be opened through libgpiod: {e.Message}. " +
                $"Install the Debian package libgpiod2, add the service's user to the gpio group, or set {IndicatorOptions.SectionName}:Driver=simulated on a machine without pins.",
                e);
        }
    }
}
