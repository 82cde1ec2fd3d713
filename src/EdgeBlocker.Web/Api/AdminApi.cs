using EdgeBlocker.Storage;
using EdgeBlocker.Web.Security;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeBlocker.Web.Api;

/// <summary>Settings, API tokens and the audit log.</summary>
public static class AdminApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/settings", (SettingsService settings) => SettingsCatalog.Fields.Select(f => new SettingValue(f.Key, settings.Running(f.Key), settings.Pending(f.Key), f.Restart)))
            .WithSummary("Each setting the page edits: the running value and the one saved for the next start.");
        api.MapPut("/settings", (Dictionary<string, string?> values, HttpContext http, SettingsService settings) =>
            {
                var problems = settings.Save(values, RequestActor.Of(http));
                return problems.Count == 0 ? Results.Ok(new { restartNeeded = settings.RestartNeeded() }) : Results.Json(new { errors = problems }, statusCode: StatusCodes.Status400BadRequest);
            })
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Save settings (by key) for the next start; validated as at start, audited.");
        api.MapPost("/service/restart", (HttpContext http, SettingsService settings, ServiceRestart restart) =>
            {
                var pending = settings.RestartNeeded();
                var requested = restart.Request(RequestActor.Of(http), pending);
                return requested.Succeeded ? Results.Accepted(value: new { restarting = true, applying = pending }) : ApiError.BadRequest(requested.Error ?? "the restart could not be audited");
            })
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Restart the service (audited) so that saved settings apply; it is back in a few seconds.");
        api.MapGet("/tokens", (ApiTokenService tokens) => tokens.All().Select(t => new TokenInfo(t.Id, t.Name, t.Role, t.CreatedAt, t.CreatedBy)))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("API tokens (never their secrets).");
        api.MapPost("/tokens", (NewToken body, HttpContext http, ApiTokenService tokens) =>
            {
                var (text, token, error) = tokens.Create(body.Name, body.Role, RequestActor.Of(http));
                return error is null ? Results.Ok(new { token = text, id = token!.Id }) : ApiError.BadRequest(error);
            })
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Create a token (role reader or admin); its text is shown only in this answer.");
        api.MapDelete("/tokens/{id}", (string id, HttpContext http, ApiTokenService tokens) => ApiError.From(tokens.Revoke(id, RequestActor.Of(http)).Error))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Revoke a token.");
        api.MapGet("/audit", (int? skip, int? limit, EdgeBlockerDatabase database) => database.Audit.Query(null, null, Math.Max(0, skip ?? 0), Math.Clamp(limit ?? 100, 1, 1000)))
            .WithSummary("The audit log, newest first: who changed what, when, from where.");
    }
}
