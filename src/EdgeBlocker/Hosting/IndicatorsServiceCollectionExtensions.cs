using EdgeBlocker.Indicators;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Health;
using EdgeBlocker.Proxy.Transactions;
using EdgeBlocker.Proxy.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Hosting;

/// <summary>
/// Composes the indicators (EdgeBlocker.Indicators) and the trunk health pings into the service: one call from
/// <see cref="ServiceHost.Build"/>. What the web page and /metrics read: <see cref="IndicatorsView"/> (LEDs, states,
/// CPU temperature) and <see cref="TrunkHealthPinger.Snapshot"/>; what list sync sets: <see cref="IndicatorState.SetSync"/>
/// (the mapping lives in <see cref="IndicatorFeed"/>).
/// </summary>
public static class IndicatorsServiceCollectionExtensions
{
    /// <summary>Binds and validates <c>EdgeBlocker:Indicators</c> (a bad key stops the start, named) and registers the
    /// LEDs, the button, the CPU temperature monitor, the health pinger and the hosted services <c>Indicators</c> and
    /// <see cref="IndicatorFeed"/>.</summary>
    public static IServiceCollection AddIndicators(this IServiceCollection services, IConfiguration configuration, ProxySettings settings)
    {
        var options = BindOptions(configuration);
        var driver = options.ResolveDriver(BoardDetector.IsRaspberryPi());
        services.AddSingleton(options);
        services.AddSingleton<IndicatorState>();
        services.AddSingleton(sp => CreateController(driver, options, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new StatusLeds(sp.GetRequiredService<System.Device.Gpio.GpioController>(), options.Pins, sp.GetRequiredService<IndicatorState>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new BypassButton(sp.GetRequiredService<System.Device.Gpio.GpioController>(), options.Pins.Button, options.ButtonHoldTime, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BypassButton>>()));
        services.AddSingleton<ICpuTemperatureSource, BoardCpuTemperature>();
        services.AddSingleton<CpuTemperatureMonitor>();
        services.AddSingleton(sp => new IndicatorsView(sp.GetRequiredService<StatusLeds>(), sp.GetRequiredService<IndicatorState>(), sp.GetRequiredService<CpuTemperatureMonitor>(), driver, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TrunkHealthPinger(settings, sp.GetRequiredService<TransactionLayer>(), sp.GetRequiredService<SipTransports>().Port, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TrunkHealthPinger>>()));
        services.AddHostedService<IndicatorsService>();
        services.AddHostedService<IndicatorFeed>();
        return services;
    }

    /// <summary>Lamp test, then the health LED's slow blink while the database opens and the lists load, before the
    /// host starts. A GPIO chip that cannot be opened stops the start here, naming the key.</summary>
    public static void StartIndicators(this IServiceProvider services) =>
        services.GetRequiredService<StatusLeds>().Start();

    /// <summary>Shows a start-up error's blink code and returns the error to throw, carrying how long the code must
    /// stay lit before the process exits (EdgeBlocker:Indicators:FaultHoldTime).</summary>
    public static StartupException ShowFault(this IServiceProvider services, StartupException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var fault = FaultFor(error.Message);
        services.GetRequiredService<IndicatorState>().SetFault(fault);
        var options = services.GetRequiredService<IndicatorOptions>();
        var driver = services.GetRequiredService<IndicatorsView>().Driver;
        return new StartupException(error.Message, error) { FaultHold = options.FaultHoldFor(driver) };
    }

    /// <summary>The blink code of a start-up error, from the key its message names first.</summary>
    public static FaultCode FaultFor(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message switch
        {
            _ when message.StartsWith("EdgeBlocker:DataDirectory", StringComparison.Ordinal) => FaultCode.Database,
            _ when message.StartsWith("EdgeBlocker:Screening", StringComparison.Ordinal) => FaultCode.Lists,
            _ when message.StartsWith(SipOptions.SectionName, StringComparison.Ordinal) => FaultCode.SipPort,
            _ => FaultCode.Other,
        };
    }

    /// <summary>Reads and validates <c>EdgeBlocker:Indicators</c>; a problem is a <see cref="StartupException"/> naming the key.</summary>
    internal static IndicatorOptions BindOptions(IConfiguration configuration)
    {
        var options = new IndicatorOptions();
        try
        {
            configuration.GetSection(IndicatorOptions.SectionName).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new StartupException(e.InnerException is null ? e.Message : e.Message + " " + e.InnerException.Message, e);
        }

        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new StartupException(string.Join(Environment.NewLine, problems));
        }

        return options;
    }

    private static System.Device.Gpio.GpioController CreateController(IndicatorDriverKind driver, IndicatorOptions options, ILoggerFactory loggers)
    {
        try
        {
            return GpioControllerFactory.Create(driver, options, loggers, out _);
        }
        catch (GpioUnavailableException e)
        {
            throw new StartupException(e.Message, e);
        }
    }
}
