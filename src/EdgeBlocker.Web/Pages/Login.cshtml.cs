using System.Globalization;
using System.Security.Claims;
using EdgeBlocker.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages;

/// <summary>The password login. Wrong passwords are counted per address; past the limit the attempt is refused (429) unchecked.</summary>
public sealed class LoginModel : PageModel
{
    private readonly PasswordService _passwords;
    private readonly LoginThrottle _throttle;

    public LoginModel(PasswordService passwords, LoginThrottle throttle)
    {
        _passwords = passwords;
        _throttle = throttle;
    }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() => _passwords.HasPassword ? Page() : Redirect(FirstRun.Path);

    public async Task<IActionResult> OnPostAsync(string? password)
    {
        var address = HttpContext.Connection.RemoteIpAddress;
        var wait = _throttle.RetryAfter(address);
        if (wait > TimeSpan.Zero)
        {
            Error = string.Create(CultureInfo.InvariantCulture, $"Too many wrong passwords: try again in {Math.Ceiling(wait.TotalSeconds)} s.");
            Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return new PageResult { StatusCode = StatusCodes.Status429TooManyRequests };
        }

        if (string.IsNullOrEmpty(password) || !_passwords.Verify(password))
        {
            _throttle.Failed(address);
            Error = "Wrong password.";
            return new PageResult { StatusCode = StatusCodes.Status401Unauthorized };
        }

        _throttle.Succeeded(address);
        await SignIn(HttpContext, _passwords);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    /// <summary>Issues the admin's login cookie, stamped with the current password.</summary>
    internal static Task SignIn(HttpContext context, PasswordService passwords)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, WebRoles.Admin), new Claim(AuthSchemes.PasswordStampClaim, passwords.Stamp())],
            AuthSchemes.Cookie);
        return context.SignInAsync(AuthSchemes.Cookie, new ClaimsPrincipal(identity));
    }
}
