using EdgeBlocker.Web.Security;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeBlocker.Web.Api;

/// <summary>List subscriptions: add, edit, enable, sync now, history, rollback (list sync does the work).</summary>
public static class SubscriptionsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var subscriptions = api.MapGroup("/subscriptions");
        subscriptions.MapGet("/", (SubscriptionService service) => new { overall = service.Overall(), subscriptions = service.All(), statuses = service.Statuses() })
            .WithSummary("Every subscription, its sync status (fresh, syncing, failed, stale), last and next sync.");
        subscriptions.MapPost("/", (SubscriptionInput body, HttpContext http, SubscriptionService service) => ApiError.From(service.Subscribe(body, RequestActor.Of(http))))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Subscribe a list to a feed (plain, csv or json; block, allow or dno); it syncs at once.");
        subscriptions.MapPut("/{name}", (string name, SubscriptionInput body, HttpContext http, SubscriptionService service) => ApiError.From(service.Update(name, body, RequestActor.Of(http))))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Edit a subscription (URL, format, role, interval, enabled, key).");
        subscriptions.MapDelete("/{name}", (string name, HttpContext http, SubscriptionService service) => ApiError.From(service.Unsubscribe(name, RequestActor.Of(http))))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Remove a subscription.");
        subscriptions.MapPost("/{name}/sync", async (string name, HttpContext http, SubscriptionService service) =>
            {
                if (service.Get(name) is null)
                {
                    return ApiError.NotFound($"no subscription named {name}");
                }

                return Results.Ok(await service.SyncNowAsync(name, RequestActor.Of(http), http.RequestAborted));
            })
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Sync now; answers the run (outcome, counts, error).");
        subscriptions.MapPost("/{name}/rollback", (string name, HttpContext http, SubscriptionService service) => ApiError.From(service.Rollback(name, RequestActor.Of(http))))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Return the list to its previous version.");
        subscriptions.MapGet("/{name}/history", (string name, SubscriptionService service) => service.History(name))
            .WithSummary("The subscription's sync runs, newest first.");
    }
}
