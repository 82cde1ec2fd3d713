using Microsoft.AspNetCore.Http;

namespace EdgeBlocker.Web.Security;

/// <summary>
/// While no admin password exists every page leads to the first-run page, which is the only one served without a
/// login; once a password exists the first-run page is gone (404).
/// </summary>
public static class FirstRun
{
    public const string Path = "/setup";

    public static Task Apply(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var path = context.Request.Path;
        var isPage = HttpMethods.IsGet(context.Request.Method) && !CookieEvents.IsMachinePath(path) && !path.StartsWithSegments("/healthz") && !path.StartsWithSegments(Path);
        if (isPage && !context.RequestServices.GetRequiredService<PasswordService>().HasPassword)
        {
            context.Response.Redirect(Path);
            return Task.CompletedTask;
        }

        return next();
    }
}
