using EdgeBlocker.Hosting.Web;
using EdgeBlocker.Proxy.Policy;
using EdgeBlocker.Screening;
using EdgeBlocker.Web;
using EdgeBlocker.Web.Hosting;
using EdgeBlocker.Web.Metrics;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Hosting;

/// <summary>
/// The web admin page and API in the service's process (<c>EdgeBlocker.Web</c>): its configuration layer, its
/// settings (validated with the rest at start), Kestrel on <c>EdgeBlocker:Web:Urls</c>, and the adapters the web
/// layer asks for.
/// </summary>
public static class WebHosting
{
    /// <summary>The full name of data protection's hosted service, which is internal to its assembly.</summary>
    internal const string DataProtectionHostedService = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    /// <summary>
    /// Adds <c>DATA_DIRECTORY/web-settings.json</c> (settings saved on the web page) right above the appliance's own
    /// file: the page's settings win over the shipped and /etc files, environment variables and the command line win
    /// over the page's.
    /// </summary>
    public static void AddWebSettingsFile(this IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.AddJsonFileAboveFiles(SettingsService.PathIn(configuration["EdgeBlocker:DataDirectory"] ?? "./data"));
    }

    /// <summary>Reads <c>EdgeBlocker:Web</c>; an unknown key or a bad value stops the start naming the key.</summary>
    public static WebOptions ReadOptions(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(WebOptions.SectionName).Get<WebOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new WebOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new StartupException(e.InnerException is null ? e.Message : e.Message + " " + e.InnerException.Message, e);
        }
    }

    /// <summary>Validates the web settings and registers the page, the API and what they need from the host.</summary>
    public static void AddWeb(this WebApplicationBuilder builder, ServiceConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(config);
        var options = ReadOptions(builder.Configuration);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new StartupException(string.Join(Environment.NewLine, problems));
        }

        builder.WebHost.UseUrls([.. options.UrlList()]);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var services = builder.Services;
        services.AddEdgeBlockerWeb(options);
        // Login cookies stay valid across restarts: the keys that protect them live with the data.
        services.AddDataProtection().SetApplicationName("EdgeBlocker")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(config.Storage.DataDirectory), "web-keys")));
        // Data protection's hosted service reads the key ring at start, which loads the XML stack and OpenSSL (10 MB at
        // READY) for a page that may not be opened for days. Without it the first login or form reads the keys.
        foreach (var keyRingLoader in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.FullName == DataProtectionHostedService).ToList())
        {
            services.Remove(keyRingLoader);
        }
        services.AddSingleton<IListEntryParser>(new ListEntryParser(config.Screening));
        services.AddSingleton<IServiceCounters, ProxyCounterSource>();
        services.AddSingleton<IIndicatorSource, IndicatorSource>();
        services.AddSingleton<IBypassControl, BypassControl>();
        services.AddSingleton<ISettingsValidator>(sp => new SettingsValidator(sp.GetRequiredService<IConfiguration>()));
        // Replaces the plain screening policy: the same, with verdicts and decision times counted for /metrics.
        services.AddSingleton<ICallPolicy>(sp =>
        {
            var metrics = sp.GetRequiredService<CallMetrics>();
            var recorder = new MetricsCallRecorder(sp.GetRequiredService<CallRecorder>(), metrics);
            return new MeasuredCallPolicy(new ScreeningPolicy(sp.GetRequiredService<ScreeningEngine>(), recorder), metrics);
        });
    }

    /// <summary>The web pipeline and endpoints; the health probe's clock starts here.</summary>
    public static void UseWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetRequiredService<HealthProbe>();
        app.UseEdgeBlockerWeb();
    }
}
