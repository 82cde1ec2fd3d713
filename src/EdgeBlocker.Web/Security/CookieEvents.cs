using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace EdgeBlocker.Web.Security;

/// <summary>
/// The login cookie's behaviour: API, metrics and OpenAPI requests get 401/403 instead of a redirect; pages go to the
/// login page (or the first-run page while no password exists); a cookie from before a password change is refused.
/// </summary>
public sealed class CookieEvents : CookieAuthenticationEvents
{
    private readonly PasswordService _passwords;

    public CookieEvents(PasswordService passwords) => _passwords = passwords;

    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/openapi");

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsMachinePath(context.Request.Path))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Task.CompletedTask;
        }

        context.Response.Redirect(_passwords.HasPassword ? context.RedirectUri : "/setup");
        return Task.CompletedTask;
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stamp = context.Principal?.FindFirst(AuthSchemes.PasswordStampClaim)?.Value;
        if (stamp is null || stamp != _passwords.Stamp())
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AuthSchemes.Cookie);
        }
    }
}
