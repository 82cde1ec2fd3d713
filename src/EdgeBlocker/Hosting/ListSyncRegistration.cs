using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Sync;
using EdgeBlocker.Sync.Fetching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeBlocker.Hosting;

/// <summary>List sync in the service (the <c>ListSync</c> schedule) and in the CLI's own process: the same parts either way.</summary>
public static class ListSyncRegistration
{
    public static IServiceCollection AddListSync(this IServiceCollection services, ServiceConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.AddSingleton(config.Sync);
        services.AddSingleton(sp => FeedHttpClient.Create(config.Sync, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IListActivator>(sp => new SyncActivator(sp.GetRequiredService<SnapshotLoader>(), sp.GetRequiredService<EdgeBlocker.Storage.EdgeBlockerDatabase>()));
        services.AddSingleton(sp => Create(
            sp.GetRequiredService<EdgeBlockerDatabase>(),
            config,
            sp.GetRequiredService<IListActivator>(),
            sp.GetRequiredService<HttpClient>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<ListSync>();
        return services;
    }

    public static ListSyncService Create(EdgeBlockerDatabase database, ServiceConfiguration config, IListActivator activator, HttpClient http, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggers);
        var fetcher = new FeedFetcher(http, config.Sync, time);
        var applier = new FeedApplier(database, config.Sync, new PhoneNumberNormalizer(config.Screening.DefaultRegion), time);
        return new ListSyncService(database, fetcher, applier, activator, config.Sync, time, loggers.CreateLogger<ListSyncService>());
    }
}
