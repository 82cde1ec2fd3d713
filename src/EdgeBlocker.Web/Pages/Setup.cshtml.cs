using EdgeBlocker.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages;

/// <summary>The first-run page: served only while no admin password exists (404 afterwards).</summary>
public sealed class SetupModel : PageModel
{
    private readonly PasswordService _passwords;

    public SetupModel(PasswordService passwords) => _passwords = passwords;

    public string? Error { get; private set; }

    public IActionResult OnGet() => _passwords.HasPassword ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(string? password, string? confirmation)
    {
        if (_passwords.HasPassword)
        {
            return NotFound();
        }

        Error = PasswordService.Problem(password, confirmation);
        if (Error is not null)
        {
            return Page();
        }

        var stored = _passwords.SetHash(PasswordService.Hash(password!), RequestActor.Of(HttpContext));
        if (!stored.Succeeded)
        {
            Error = stored.Error;
            return Page();
        }

        await LoginModel.SignIn(HttpContext, _passwords);
        return Redirect("/");
    }
}
