using EdgeBlocker.Screening;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync;
using EdgeBlocker.Sync.Fetching;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeBlocker.IntegrationTests.Infrastructure;

/// <summary>
/// List sync in this process against a real database file in a temporary directory, fetching from a real
/// <see cref="FeedServer"/>, with short timeouts so that hanging servers end the test quickly.
/// </summary>
public sealed class SyncHarness : IAsyncDisposable, IListActivator
{
    public static readonly ChangeContext Admin = new("test", "local");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eb-sync-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http;

    private SyncHarness(FeedServer server, SyncOptions options)
    {
        Server = server;
        Options = options;
        Database = EdgeBlockerDatabase.Open(new StorageOptions { DataDirectory = _directory });
        _http = FeedHttpClient.Create(options, TimeProvider.System);
        Sync = new ListSyncService(
            Database,
            new FeedFetcher(_http, options, TimeProvider.System),
            new FeedApplier(Database, options, new PhoneNumberNormalizer("US"), TimeProvider.System),
            this,
            options,
            TimeProvider.System,
            NullLogger<ListSyncService>.Instance);
    }

    public FeedServer Server { get; }

    public SyncOptions Options { get; }

    public EdgeBlockerDatabase Database { get; }

    public ListSyncService Sync { get; }

    /// <summary>How many times a new version was handed to screening.</summary>
    public int Activations { get; private set; }

    public static async Task<SyncHarness> StartAsync(SyncOptions? options = null) =>
        new(await FeedServer.StartAsync(), options ?? new SyncOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(1),
            StallTimeout = TimeSpan.FromSeconds(1),
            DownloadTimeout = TimeSpan.FromSeconds(8),
            Retries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(50),
        });

    public void ActivateLists() => Activations++;

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/> and subscribes list <paramref name="name"/> to it.</summary>
    public Subscription Subscribe(string name, string path, RequestDelegateFactory body, Func<Subscription, Subscription>? edit = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Server.Routes["/" + path.TrimStart('/')] = body();
        var subscription = new Subscription { Name = name, Url = Server.Url(path) };
        subscription = edit?.Invoke(subscription) ?? subscription;
        var added = Sync.Subscribe(subscription, Admin);
        Assert.True(added.Succeeded, added.ToString());
        return subscription;
    }

    public Task<SyncRun> SyncAsync(string name) => Sync.SyncAsync(name, SyncTriggers.Manual, Admin, CancellationToken.None);

    public long[] Numbers(string list) => [.. Database.Lists.ReadEntries(list).Select(e => e.Number).Order()];

    public async ValueTask DisposeAsync()
    {
        Sync.Dispose();
        _http.Dispose();
        Database.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>Makes the handler a path is served with (so a test reads <c>() => FeedServer.Text(...)</c>).</summary>
public delegate Microsoft.AspNetCore.Http.RequestDelegate RequestDelegateFactory();
