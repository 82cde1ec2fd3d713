using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Web.Security;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages.Lists;

/// <summary>Every list, and forms to create a manual list or import a file.</summary>
public sealed class ListsIndexModel : PageModel
{
    private readonly ListService _lists;

    public ListsIndexModel(ListService lists) => _lists = lists;

    public IReadOnlyList<ListInfo> Lists { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public void OnGet() => Lists = _lists.All();

    public IActionResult OnPostCreate(string? name, string? description)
    {
        Error = _lists.Create(name, description, RequestActor.Of(HttpContext));
        if (Error is null)
        {
            return Redirect("/lists/" + Uri.EscapeDataString(name!.Trim()));
        }

        OnGet();
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(string? name, IFormFile? file)
    {
        if (string.IsNullOrWhiteSpace(name) || file is null)
        {
            Error = "give a list name and a file";
        }
        else
        {
            await using var stream = file.OpenReadStream();
            (Message, Error) = await _lists.ImportAsync(name.Trim(), stream, file.FileName, RequestActor.Of(HttpContext), HttpContext.RequestAborted);
        }

        OnGet();
        return Page();
    }
}
