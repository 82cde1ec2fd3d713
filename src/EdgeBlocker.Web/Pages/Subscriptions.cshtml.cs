using System.Globalization;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync;
using EdgeBlocker.Web.Security;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages;

/// <summary>Feed subscriptions: add or edit, enable, sync now, rollback, remove, and the sync history.</summary>
public sealed class SubscriptionsModel : PageModel
{
    private readonly SubscriptionService _subscriptions;

    public SubscriptionsModel(SubscriptionService subscriptions) => _subscriptions = subscriptions;

    public IReadOnlyList<Subscription> Subscriptions { get; private set; } = [];

    public IReadOnlyList<ListSyncStatus> Statuses { get; private set; } = [];

    public IReadOnlyList<SyncRun> History { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public void OnGet() => Load();

    public IActionResult OnPostSubscribe(string? name, string? url, string? format, string? role, string? interval, string? description, string? publicKeyPem)
    {
        var input = new SubscriptionInput(name, url, format, role, interval, true, description, publicKeyPem);
        var who = RequestActor.Of(HttpContext);
        Error = name is not null && _subscriptions.Get(name.Trim()) is not null ? _subscriptions.Update(name.Trim(), input, who) : _subscriptions.Subscribe(input, who);
        Message = Error is null ? $"subscription {name?.Trim()} saved; it syncs at once" : null;
        return Done();
    }

    public async Task<IActionResult> OnPostSyncAsync(string? name)
    {
        if (name is null || _subscriptions.Get(name) is null)
        {
            Error = $"no subscription named {name}";
            return Done();
        }

        var run = await _subscriptions.SyncNowAsync(name, RequestActor.Of(HttpContext), HttpContext.RequestAborted);
        if (run.Outcome is SyncOutcome.Applied or SyncOutcome.Unchanged)
        {
            Message = string.Create(CultureInfo.InvariantCulture, $"{name}: {run.Outcome.ToString().ToLowerInvariant()}, {run.Entries} entries (+{run.Added} −{run.Removed}), {run.SkippedCount} lines skipped");
        }
        else
        {
            Error = $"{name}: {run.Outcome.ToString().ToLowerInvariant()}: {run.Error}";
        }

        return Done();
    }

    public IActionResult OnPostEnable(string? name, bool enabled)
    {
        Error = _subscriptions.SetEnabled(name ?? string.Empty, enabled, RequestActor.Of(HttpContext));
        return Done();
    }

    public IActionResult OnPostRollback(string? name)
    {
        Error = _subscriptions.Rollback(name ?? string.Empty, RequestActor.Of(HttpContext));
        Message = Error is null ? $"{name} rolled back" : null;
        return Done();
    }

    public IActionResult OnPostRemove(string? name)
    {
        Error = _subscriptions.Unsubscribe(name ?? string.Empty, RequestActor.Of(HttpContext));
        return Done();
    }

    private PageResult Done()
    {
        Load();
        return Page();
    }

    private void Load()
    {
        Subscriptions = _subscriptions.All();
        Statuses = _subscriptions.Statuses();
        History = _subscriptions.History(null, 30);
    }
}
