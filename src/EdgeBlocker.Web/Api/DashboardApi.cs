using System.Net;
using EdgeBlocker.Web.Hosting;
using EdgeBlocker.Web.Security;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeBlocker.Web.Api;

/// <summary>Dashboard, health and number lookup.</summary>
public static class DashboardApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", (DashboardService dashboard) => dashboard.Build())
            .WithSummary("Calls per minute (24 h) and per day (30 days), top blocked callers (7 days), top peers by blocked share (30 days), lists, health.");
        api.MapGet("/health", (HealthProbe health) => health.Read())
            .WithSummary("Uptime, CPU temperature, database size, call records written and dropped.");
        api.MapGet("/indicators", (IIndicatorSource indicators) => indicators.Read())
            .WithSummary("The status LEDs as they show now (pattern, pin, lit), the states behind them, CPU temperature, trunk health pings.");
        api.MapGet("/bypass", (IBypassControl bypass) => new BypassBody(bypass.IsOn))
            .WithSummary("Whether bypass is on (every call passes unscreened).");
        api.MapPut("/bypass", (BypassBody body, HttpContext http, IBypassControl bypass) => ApiError.From(bypass.Switch(body.On, RequestActor.Of(http)), new BypassBody(bypass.IsOn)))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Turn bypass on or off (kept across restarts, audited; the button and edgeblocker bypass do the same).");
        api.MapGet("/lookup", (string number, string? peer, string? ip, string? to, LookupService lookup) =>
            {
                IPAddress? source = null;
                if (ip is not null && !IPAddress.TryParse(ip, out source))
                {
                    return ApiError.BadRequest($"ip: '{ip}' is not an IP address");
                }

                return Results.Ok(lookup.Lookup(number, peer, source, to));
            })
            .WithSummary("The verdict for a calling number (any format) and the rule and list that decide it.");
    }
}
