using System.Net.Sockets;
using EdgeBlocker.Proxy;
using EdgeBlocker.Proxy.Configuration;
using EdgeBlocker.Proxy.Flood;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Proxy.Transactions;
using EdgeBlocker.Proxy.Transport;
using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Calls;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Sync;
using Microsoft.AspNetCore.Builder;
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
        // The slim builder leaves out what an appliance serving plain HTTP on its own port never uses (IIS
        // integration, HTTPS and HTTP/3 set-up, the Debug and EventSource log providers): 2.5 MB less at READY.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Defaults ship beside the binary (appsettings.json, loaded by the builder); the appliance's own file overrides
        // them; environment variables and the command line override both.
        builder.Configuration.AddJsonFileAboveFiles(SystemConfigFile);
        builder.Configuration.AddEnvironmentVariables().AddCommandLine(args);
        builder.Configuration.AddWebSettingsFile();
        builder.Services.AddSystemdIntegration();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        // The configured numbers (8 MB for a million) are needed once, to mirror them into the database below; they
        // are not part of the configuration every registration gets, so that no closure keeps them for the life of the
        // process.
        var (config, configNumbers) = Load(builder.Configuration);
        var settings = config.Proxy;
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(config);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ScreeningEngine(sp.GetRequiredService<TimeProvider>(), config.Screening.ToSettings()));
        services.AddSingleton(sp => OpenDatabase(config, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.GetRequiredService<EdgeBlockerDatabase>().Lists);
        services.AddSingleton(sp => sp.GetRequiredService<EdgeBlockerDatabase>().Calls);
        services.AddSingleton(config.Writer);
        services.AddSingleton<CallRecordWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<CallRecordWriter>());
        services.AddSingleton<CallRecorder>();
        services.AddSingleton(sp => new SnapshotLoader(
            sp.GetRequiredService<ScreeningEngine>(),
            sp.GetRequiredService<ListStore>(),
            BlocklistLoader.ToResponseCode(BlocklistLoader.ParseResponse(config.Screening.Response)),
            sp.GetRequiredService<ILogger<SnapshotLoader>>()));
        services.AddHostedService<ListReloader>();
        services.AddListSync(config);
        services.AddHostedService<RetentionService>();
        services.AddHostedService<Cli.ControlServer>();
        services.AddSingleton<ICallPolicy>(sp => new ScreeningPolicy(sp.GetRequiredService<ScreeningEngine>(), sp.GetRequiredService<CallRecorder>()));
        services.AddSingleton<ProxyCounters>();
        services.AddSingleton(sp =>
        {
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var limiter = SourceRateLimiter.Create(settings, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ProxyCounters>(), loggers.CreateLogger<SourceRateLimiter>());
            return CreateTransports(settings, loggers, limiter);
        });
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
            sp.GetRequiredService<ILogger<SipProxy>>(),
            sp.GetRequiredService<CallRecorder>(),
            sp.GetRequiredService<ProxyCounters>()));
        services.AddIndicators(builder.Configuration, settings);
        services.AddHostedService<SipListener>();
        builder.AddWeb(config);

        var host = builder.Build();
        host.Services.StartIndicators(); // lamp test, then the health LED blinks slowly while the lists load
        try
        {
            // Open the database, mirror the configured list into it and load every list before the sockets are bound, so
            // that the first call is screened against whole lists; then bind: a port in use is a start-up error too.
            var database = host.Services.GetRequiredService<EdgeBlockerDatabase>();
            if (configNumbers is not null || !database.Lists.ConfigListCameFrom(config.ConfigSource))
            {
                var synced = database.Lists.SyncConfigList(configNumbers ?? BlocklistLoader.ReadConfigNumbers(config.Screening), config.ConfigSource);
                if (!synced.Succeeded)
                {
                    throw new StartupException($"{ScreeningOptions.SectionName}:BlockedNumbers: cannot store the config list: {synced.Error}");
                }

                ConfigListSource.RememberStored(config.Storage.DataDirectory, config.ConfigSource);
            }

            configNumbers = null; // stored: the collection at the end of start-up may take them
            host.Services.GetRequiredService<SnapshotLoader>().Reload();
            host.Services.GetRequiredService<SipTransports>();
            host.UseWeb();
        }
        catch (StartupException e)
        {
            throw host.Services.ShowFault(e); // its blink code, held for the technician before the process exits
        }

        // Start-up held the list several times over (file, database pages, snapshot build). Give that memory back to
        // the OS now, once, rather than carry it on a small board for the life of the process: LiteDB keeps every page
        // it read in its cache (4.5 to 13.6 MB after loading a million numbers) until the file is closed.
        host.Services.GetRequiredService<EdgeBlockerDatabase>().DropCache();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return host;
    }

    /// <summary>The service's configuration sources, for the CLI: the defaults beside the binary, the environment's file,
    /// the appliance's file, the settings saved on the web page, environment variables, then the command line (the
    /// same layers, in the same order, as the service).</summary>
    public static IConfiguration BuildConfiguration(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationManager();
        configuration.SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddJsonFile(SystemConfigFile, optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        configuration.AddWebSettingsFile();
        return configuration;
    }

    private static EdgeBlockerDatabase OpenDatabase(ServiceConfiguration config, TimeProvider time)
    {
        try
        {
            return EdgeBlockerDatabase.Open(config.Storage, time);
        }
        catch (StorageOpenException e)
        {
            throw new StartupException($"EdgeBlocker:DataDirectory: {e.Message}", e);
        }
    }

    /// <summary>Reads and validates every setting; the problems found stop the start, each naming its key.</summary>
    public static ServiceConfiguration LoadConfiguration(IConfiguration configuration) => Load(configuration).Config;

    /// <summary>
    /// <see cref="LoadConfiguration"/>, with the numbers of the read-only list <c>config</c>: null when its source is
    /// unchanged since it was last stored (<see cref="ConfigListSource"/>), and not read.
    /// </summary>
    public static (ServiceConfiguration Config, IReadOnlyList<long>? ConfigNumbers) Load(IConfiguration configuration)
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

        var storageKeys = Bind<StorageKeys>(configuration, StorageKeys.SectionName);
        var storage = new StorageOptions
        {
            DataDirectory = configuration["EdgeBlocker:DataDirectory"] ?? "./data",
            RetentionDays = storageKeys.RetentionDays,
            MaxCallRecords = storageKeys.MaxCallRecords,
            CacheLimitMB = storageKeys.CacheLimitMB,
        };
        var writer = Bind<CallRecordWriterOptions>(configuration, StorageKeys.SectionName + ":Writer");
        var sync = Bind<SyncOptions>(configuration, SyncOptions.SectionName);
        var storageProblems = storage.Validate().Concat(writer.Validate()).Concat(sync.Validate()).ToList();
        if (storageProblems.Count > 0)
        {
            throw new StartupException(string.Join(Environment.NewLine, storageProblems));
        }

        // An unchanged list file is not parsed again: it was whole and valid when it was stored (Build checks the database agrees).
        var source = ConfigListSource.Fingerprint(screening);
        var numbers = ConfigListSource.WasStoredLast(storage.DataDirectory, source) ? null : BlocklistLoader.ReadConfigNumbers(screening);
        return (new ServiceConfiguration(settings, screening, storage, writer, sync) { ConfigSource = source }, numbers);
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

    private static SipTransports CreateTransports(ProxySettings settings, ILoggerFactory loggers, SourceRateLimiter? limiter)
    {
        var sip = settings.Sip;
        try
        {
            var limits = new TcpLimits(sip.MaxTcpConnections, sip.MaxTcpConnectionsPerSource, sip.MaxMessageSize, sip.TcpIdleTimeout, sip.TcpMessageTimeout);
            return new SipTransports(settings.Bind, limits, loggers, limiter);
        }
        catch (SocketException e)
        {
            throw new StartupException($"{SipOptions.SectionName}:Port / BindAddress: cannot listen on {settings.Bind}: {e.Message}", e);
        }
    }
}
