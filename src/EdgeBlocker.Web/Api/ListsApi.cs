using System.Text;
using EdgeBlocker.Web.Security;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeBlocker.Web.Api;

/// <summary>Lists and entries: read with any login, changed by the admin, all through the one list write path.</summary>
public static class ListsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var lists = api.MapGroup("/lists");
        lists.MapGet("/", (ListService service) => service.All()).WithSummary("Every list: source, enabled, entries, version.");
        lists.MapGet("/{name}", (string name, ListService service) => service.Get(name) is { } list ? Results.Ok(list) : ApiError.NotFound($"no list named {name}"))
            .WithSummary("One list.");
        lists.MapPost("/", (NewList body, HttpContext http, ListService service) => ApiError.From(service.Create(body.Name, body.Description, RequestActor.Of(http))))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Create a manual list.");
        lists.MapDelete("/{name}", (string name, HttpContext http, ListService service) => ApiError.From(service.Delete(name, RequestActor.Of(http))))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Delete a list and its entries.");
        lists.MapPut("/{name}/enabled", (string name, EnabledBody body, HttpContext http, ListService service) => ApiError.From(service.SetEnabled(name, body.Enabled, RequestActor.Of(http))))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Enable or disable a list.");
        lists.MapPost("/{name}/rollback", (string name, HttpContext http, ListService service) => ApiError.From(service.Rollback(name, RequestActor.Of(http))))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Return the list to its previous version (a second rollback undoes the first).");
        lists.MapGet("/{name}/history", (string name, ListService service) => service.History(name))
            .WithSummary("The audit entries about the list, newest first.");
        lists.MapGet("/{name}/entries", (string name, string? search, int? skip, int? limit, ListService service) =>
            {
                if (service.Get(name) is null)
                {
                    return ApiError.NotFound($"no list named {name}");
                }

                var (page, matching) = service.Entries(name, search, Math.Max(0, skip ?? 0), Math.Clamp(limit ?? 100, 1, 1000));
                return Results.Ok(new EntryPage(page, matching));
            })
            .WithSummary("A page of entries whose value or reason contains search.");
        lists.MapPost("/{name}/entries", (string name, EntryInput body, HttpContext http, ListService service) => ApiError.From(service.AddEntry(name, body, RequestActor.Of(http))))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Add an entry (the list is created as manual if new). Value in any number format; kind, action, reason, response, expiresAt optional.");
        lists.MapDelete("/{name}/entries", (string name, string value, string? kind, HttpContext http, ListService service) => ApiError.From(service.RemoveEntry(name, value, kind, RequestActor.Of(http))))
            .RequireAuthorization(WebRoles.AdminPolicy).WithSummary("Remove an entry.");
        lists.MapGet("/{name}/csv", (string name, ListService service) =>
            {
                using var text = new StringWriter();
                return service.Export(name, text) ? Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv", name + ".csv") : ApiError.NotFound($"no list named {name}");
            })
            .WithSummary("The list as CSV, in the import format.");
        lists.MapPut("/{name}/csv", async (string name, HttpContext http, ListService service) =>
            {
                var type = http.Request.ContentType ?? string.Empty;
                var extension = type.Contains("json", StringComparison.OrdinalIgnoreCase) ? ".json" : type.Contains("csv", StringComparison.OrdinalIgnoreCase) ? ".csv" : ".txt";
                // List sync parses on a worker thread with synchronous reads, which Kestrel's request stream refuses: buffer it.
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body, http.RequestAborted);
                body.Position = 0;
                var (message, error) = await service.ImportAsync(name, body, name + extension, RequestActor.Of(http), http.RequestAborted);
                return ApiError.From(error, new { message });
            })
            .RequireAuthorization(WebRoles.AdminPolicy)
            .WithSummary("Replace the list with a file's entries (Content-Type text/csv, application/json, else plain), whole or not at all; the previous version is kept for rollback.");
    }
}
