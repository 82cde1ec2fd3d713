using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync;

namespace EdgeBlocker.Web.Services;

/// <summary>List subscriptions as the page and the API manage them, through list sync's own service (the CLI's too).</summary>
public sealed class SubscriptionService
{
    private readonly ListSyncService _sync;

    public SubscriptionService(ListSyncService sync) => _sync = sync;

    public IReadOnlyList<Subscription> All() => _sync.Subscriptions();

    public Subscription? Get(string name) => _sync.Subscription(name);

    public IReadOnlyList<ListSyncStatus> Statuses() => _sync.Statuses();

    public SyncStatus Overall() => _sync.Overall();

    public IReadOnlyList<SyncRun> History(string? name, int limit = 50) => _sync.History(name, limit);

    public string? Subscribe(SubscriptionInput input, ChangeContext who)
    {
        var (subscription, error) = ToSubscription(input, null);
        return error ?? _sync.Subscribe(subscription!, who).Error;
    }

    public string? Update(string name, SubscriptionInput input, ChangeContext who)
    {
        if (_sync.Subscription(name) is not { } existing)
        {
            return $"no subscription named {name}";
        }

        var (subscription, error) = ToSubscription(input with { Name = name }, existing);
        return error ?? _sync.Update(subscription!, who).Error;
    }

    public string? SetEnabled(string name, bool enabled, ChangeContext who) =>
        _sync.Subscription(name) is { } existing ? _sync.Update(existing with { Enabled = enabled }, who).Error : $"no subscription named {name}";

    public string? Unsubscribe(string name, ChangeContext who) => _sync.Unsubscribe(name, who).Error;

    public string? Rollback(string name, ChangeContext who) => _sync.Rollback(name, who).Error;

    public Task<SyncRun> SyncNowAsync(string name, ChangeContext who, CancellationToken cancellationToken) =>
        _sync.SyncAsync(name, SyncTriggers.Manual, who, cancellationToken);

    private static (Subscription? Subscription, string? Error) ToSubscription(SubscriptionInput input, Subscription? existing)
    {
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            return (null, "a subscription needs a name (its list's name)");
        }

        if (!Uri.TryCreate(input.Url?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return (null, $"url: '{input.Url}' is not an http or https URL");
        }

        if (!Enum.TryParse<FeedFormat>(input.Format ?? "plain", ignoreCase: true, out var format) || !Enum.IsDefined(format))
        {
            return (null, $"format: '{input.Format}' is not plain, csv or json");
        }

        if (!Enum.TryParse<FeedRole>(input.Role ?? "block", ignoreCase: true, out var role) || !Enum.IsDefined(role))
        {
            return (null, $"role: '{input.Role}' is not block, allow or dno");
        }

        if (!InputValues.TryDuration(string.IsNullOrWhiteSpace(input.Interval) ? "6h" : input.Interval, out var interval) || interval < TimeSpan.FromMinutes(1))
        {
            return (null, $"interval: '{input.Interval}' is not a duration of at least a minute (30m, 6h, 1d)");
        }

        var basis = existing ?? new Subscription { Name = input.Name.Trim(), Url = url };
        return (basis with
        {
            Url = url,
            Format = format,
            Role = role,
            Interval = interval,
            Enabled = input.Enabled,
            Description = input.Description?.Trim() ?? basis.Description,
            PublicKeyPem = string.IsNullOrWhiteSpace(input.PublicKeyPem) ? basis.PublicKeyPem : input.PublicKeyPem.Trim(),
        }, null);
    }
}
