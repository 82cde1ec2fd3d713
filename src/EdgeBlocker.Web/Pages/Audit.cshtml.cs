using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Audit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages;

/// <summary>Who changed what, when, from where: lists, settings, password, tokens.</summary>
public sealed class AuditModel : PageModel
{
    public const int PageSize = 100;

    private readonly EdgeBlockerDatabase _database;

    public AuditModel(EdgeBlockerDatabase database) => _database = database;

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public void OnGet()
    {
        PageNumber = Math.Max(1, PageNumber);
        Entries = _database.Audit.Query(null, null, (PageNumber - 1) * PageSize, PageSize);
    }
}
