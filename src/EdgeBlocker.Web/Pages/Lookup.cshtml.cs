using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages;

/// <summary>A number in any format → verdict, rule and list (what the CLI's <c>check</c> says).</summary>
public sealed class LookupModel : PageModel
{
    private readonly LookupService _lookup;

    public LookupModel(LookupService lookup) => _lookup = lookup;

    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Peer { get; set; }

    public LookupResult? Result { get; private set; }

    public void OnGet()
    {
        if (!string.IsNullOrWhiteSpace(Number))
        {
            Result = _lookup.Lookup(Number, Peer);
        }
    }
}
