using EdgeBlocker.Storage.Credentials;
using EdgeBlocker.Web.Security;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages;

/// <summary>Service settings (validated as at start, audited, applied by a restart from this page), API tokens, the admin password.</summary>
public sealed class SettingsModel : PageModel
{
    private readonly SettingsService _settings;
    private readonly ApiTokenService _tokens;
    private readonly PasswordService _passwords;
    private readonly ServiceRestart _restart;

    public SettingsModel(SettingsService settings, ApiTokenService tokens, PasswordService passwords, ServiceRestart restart)
    {
        _restart = restart;
        _settings = settings;
        _tokens = tokens;
        _passwords = passwords;
    }

    public Dictionary<string, string> Values { get; private set; } = [];

    public IReadOnlyList<string> Problems { get; private set; } = [];

    public IReadOnlyList<string> RestartNeeded { get; private set; } = [];

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    public string? NewToken { get; private set; }

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public string Running(string key) => _settings.Running(key);

    public void OnGet() => Load(null);

    public IActionResult OnPostSave()
    {
        var given = SettingsCatalog.Fields.ToDictionary(f => f.Key, f => (string?)Request.Form[f.FormName].ToString(), StringComparer.Ordinal);
        Problems = _settings.Save(given, RequestActor.Of(HttpContext));
        if (Problems.Count == 0)
        {
            Message = "Settings saved.";
            Load(null);
        }
        else
        {
            Load(given);
        }

        return Page();
    }

    public bool Restarting { get; private set; }

    public IActionResult OnPostRestart()
    {
        var requested = _restart.Request(RequestActor.Of(HttpContext), _settings.RestartNeeded());
        Restarting = requested.Succeeded;
        Error = requested.Error;
        Message = Restarting ? "The service is restarting to apply the saved settings. Reload this page in a few seconds." : null;
        Load(null);
        return Page();
    }

    public IActionResult OnPostCreateToken(string? name, string? role)
    {
        var (text, _, error) = _tokens.Create(name, role, RequestActor.Of(HttpContext));
        NewToken = text;
        Error = error;
        Load(null);
        return Page();
    }

    public IActionResult OnPostRevoke(string? id)
    {
        Error = _tokens.Revoke(id ?? string.Empty, RequestActor.Of(HttpContext)).Error;
        Message = Error is null ? "Token revoked." : null;
        Load(null);
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(string? current, string? password, string? confirmation)
    {
        Error = string.IsNullOrEmpty(current) || !_passwords.Verify(current) ? "the current password is wrong" : PasswordService.Problem(password, confirmation);
        if (Error is null)
        {
            var stored = _passwords.SetHash(PasswordService.Hash(password!), RequestActor.Of(HttpContext));
            Error = stored.Error;
            if (stored.Succeeded)
            {
                await LoginModel.SignIn(HttpContext, _passwords);
                Message = "Password changed.";
            }
        }

        Load(null);
        return Page();
    }

    private void Load(Dictionary<string, string?>? given)
    {
        Values = SettingsCatalog.Fields.ToDictionary(f => f.Key, f => given?.GetValueOrDefault(f.Key) ?? _settings.Pending(f.Key), StringComparer.Ordinal);
        RestartNeeded = _settings.RestartNeeded();
        Tokens = _tokens.All();
    }
}
