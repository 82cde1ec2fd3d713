using Microsoft.AspNetCore.Http;

namespace EdgeBlocker.Web.Security;

/// <summary>
/// Headers on every response: a CSP that allows only the app's own scripts and styles (no inline code at all), no
/// framing, no MIME sniffing, no referrer leaving the box, and no caching of pages that show call data.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static Task Apply(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        if (!context.Request.Path.StartsWithSegments("/lib") && !context.Request.Path.StartsWithSegments("/css") && !context.Request.Path.StartsWithSegments("/js"))
        {
            // The values antiforgery sets on pages with a form, so it has nothing to override (and warn about).
            headers.CacheControl = "no-cache, no-store";
            headers.Pragma = "no-cache";
        }

        return next();
    }
}
