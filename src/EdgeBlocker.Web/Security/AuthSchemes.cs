namespace EdgeBlocker.Web.Security;

/// <summary>Authentication schemes: the browser's cookie, scripts' bearer tokens, and the one that picks between them.</summary>
public static class AuthSchemes
{
    public const string Cookie = "Cookies";
    public const string Token = "Token";
    public const string Select = "CookieOrToken";
    public const string CookieName = "edgeblocker.auth";
    public const string PasswordStampClaim = "pwstamp";
}
