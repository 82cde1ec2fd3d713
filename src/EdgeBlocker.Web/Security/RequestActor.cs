using System.Security.Claims;
using EdgeBlocker.Storage;
using Microsoft.AspNetCore.Http;

namespace EdgeBlocker.Web.Security;

/// <summary>Who a web request acts as, for the audit log: <c>web:admin</c> or <c>token:NAME</c>, from the client's address.</summary>
public static class RequestActor
{
    public static ChangeContext Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.User.FindFirstValue(ClaimTypes.Name);
        var actor = name is null ? "web:anonymous" : name.Contains(':', StringComparison.Ordinal) ? name : "web:" + name;
        return new ChangeContext(actor, context.Connection.RemoteIpAddress?.ToString() ?? "?");
    }
}
