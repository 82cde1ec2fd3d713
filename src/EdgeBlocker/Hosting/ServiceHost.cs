using System.Net.Sockets;
using EdgeBlocker.Proxy;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Proxy.Transactions;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Screening;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Hosting;

/// <summary>The composition root: configuration, validation, and the services of the box.</summary>
public static class ServiceHost
{
    /// <summary>Where the packaged service keeps its configuration; read after the defaults shipped with the binary.</summary>
    public const string SystemConfigFile = "/etc/edgeblocker/appsettings.json";

    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Defaults ship beside the binary (appsettings.json, loaded by the builder); the appliance's own file overrides
        // them; environment variables and the command line override both.
        builder.Configuration.Sources.Insert(
            Math.Min(3, builder.Configuration.Sources.Count),
            new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = SystemConfigFile, Optional = true, ReloadOnChange = false, FileProvider = null });
        builder.Configuration.AddEnvironmentVariables().AddCommandLine(args);
        builder.Services.AddSystemd();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        var (settings, engine) = LoadSettings(builder.Configuration, TimeProvider.System);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(engine);
        services.AddSingleton<ICallPolicy>(new ScreeningPolicy(engine));
        services.AddSingleton(sp => CreateTransports(settings, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ISipSender>(sp => sp.GetRequiredService<SipTransports>());
        services.AddSingleton(sp => new TransactionLayer(
            sp.GetRequiredService<ISipSender>(),
            sp.GetRequiredService<TimeProvider>(),
            new TransactionTimers(settings.Sip.T1, settings.Sip.T2, settings.Sip.T4, settings.Sip.TimerC)));
        services.AddSingleton(sp => new SipProxy(
            settings,
            sp.GetRequiredService<ICallPolicy>(),
            sp.GetRequiredService<TransactionLayer>(),
            sp.GetRequiredService<ISipSender>(),
            sp.GetRequiredService<SipTransports>().Port,
            sp.GetRequiredService<ILogger<SipProxy>>()));
        services.AddHostedService<SipListener>();

        var host = builder.Build();
        // Bind now: a port in use or a bad address is a start-up error with a clear message, not a crash later.
        host.Services.GetRequiredService<SipTransports>();
        return host;
    }

    /// <summary>Reads and validates every setting; the first problems found stop the start, each naming its key.</summary>
    public static (ProxySettings Settings, ScreeningEngine Engine) LoadSettings(IConfiguration configuration, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var sip = Bind<SipOptions>(configuration, SipOptions.SectionName);
        var screening = Bind<ScreeningOptions>(configuration, ScreeningOptions.SectionName);
        var block = new BlockResponseOptions { Redress = screening.Redress, RedressLocation = screening.RedressLocation, JCardUrl = screening.JCardUrl };
        var settings = ProxySettings.Create(sip, block, out var errors);
        if (settings is null)
        {
            throw new StartupException(string.Join(Environment.NewLine, errors));
        }

        if (BlocklistLoader.ParseResponse(screening.Response) == BlockResponse.Rejected608 && string.IsNullOrWhiteSpace(screening.JCardUrl))
        {
            // RFC 8688 §3.3: a 608 must say who rejected the call, in a Call-Info jCard; there is no honest default.
            throw new StartupException($"{ScreeningOptions.SectionName}:JCardUrl: is required when {ScreeningOptions.SectionName}:Response is 608 (the URL of your jCard, RFC 8688)");
        }

        var screeningSettings = screening.ToSettings();
        var problems = screeningSettings.Validate();
        if (problems.Count > 0)
        {
            throw new StartupException(string.Join(Environment.NewLine, problems));
        }

        var engine = new ScreeningEngine(time, screeningSettings);
        var builder = new SnapshotBuilder(screeningSettings);
        BlocklistLoader.AddConfigList(screening, builder);
        engine.Swap(builder.Build());
        return (settings, engine);
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the bad value ("Failed to convert configuration value at 'EdgeBlocker:Sip:Port'...").
            throw new StartupException(e.InnerException is null ? e.Message : e.Message + " " + e.InnerException.Message, e);
        }

        return options;
    }

    private static SipTransports CreateTransports(ProxySettings settings, ILoggerFactory loggers)
    {
        var sip = settings.Sip;
        try
        {
            return new SipTransports(settings.Bind, new TcpLimits(sip.MaxTcpConnections, sip.MaxMessageSize, sip.TcpIdleTimeout, sip.TcpMessageTimeout), loggers);
        }
        catch (SocketException e)
        {
            throw new StartupException($"{SipOptions.SectionName}:Port / BindAddress: cannot listen on {settings.Bind}: {e.Message}", e);
        }
    }
}
