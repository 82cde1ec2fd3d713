using EdgeBlocker.Storage.Audit;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Web.Security;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdgeBlocker.Web.Pages.Lists;

/// <summary>One list: its entries (search, add, remove), import and export, enable, rollback, delete, history.</summary>
public sealed class ListDetailModel : PageModel
{
    public const int PageSize = 100;

    private readonly ListService _lists;
    private readonly TimeProvider _time;

    public ListDetailModel(ListService lists, TimeProvider time)
    {
        _lists = lists;
        _time = time;
    }

    public static IReadOnlyList<string> Kinds { get; } =
        [ListEntryKinds.Exact, ListEntryKinds.Prefix, ListEntryKinds.Dno, ListEntryKinds.Range, ListEntryKinds.Regex, ListEntryKinds.Peer, ListEntryKinds.SourceAddress, ListEntryKinds.Anonymous, ListEntryKinds.Unparseable, ListEntryKinds.InvalidNanp, ListEntryKinds.CallingRate, ListEntryKinds.PeerRate];

    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public ListInfo List { get; private set; } = null!;

    public IReadOnlyList<ListEntry> Entries { get; private set; } = [];

    public long Matching { get; private set; }

    public IReadOnlyList<AuditEntry> History { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() => Load() ? Page() : NotFound();

    public IActionResult OnPostAdd(string? value, string? kind, string? action, string? reason, string? expires)
    {
        DateTimeOffset? until = null;
        if (!string.IsNullOrWhiteSpace(expires))
        {
            if (!InputValues.TryInstant(expires, _time.GetUtcNow(), out var at) || at <= _time.GetUtcNow())
            {
                return Done(null, $"expires: '{expires}' is not a time in the future");
            }

            until = at;
        }

        var error = _lists.AddEntry(Name, new EntryInput(value, kind, action, reason, null, until), RequestActor.Of(HttpContext));
        return Done(error is null ? $"added {value?.Trim()}" : null, error);
    }

    public IActionResult OnPostRemove(string? value, string? kind)
    {
        var error = _lists.RemoveEntry(Name, value, kind, RequestActor.Of(HttpContext));
        return Done(error is null ? $"removed {value}" : null, error);
    }

    public IActionResult OnPostEnable(bool enabled) =>
        Done(enabled ? "enabled" : "disabled", _lists.SetEnabled(Name, enabled, RequestActor.Of(HttpContext)));

    public IActionResult OnPostRollback() =>
        Done("rolled back", _lists.Rollback(Name, RequestActor.Of(HttpContext)));

    public IActionResult OnPostDelete()
    {
        var error = _lists.Delete(Name, RequestActor.Of(HttpContext));
        return error is null ? Redirect("/lists") : Done(null, error);
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file)
    {
        if (file is null)
        {
            return Done(null, "choose a file");
        }

        await using var stream = file.OpenReadStream();
        var (message, error) = await _lists.ImportAsync(Name, stream, file.FileName, RequestActor.Of(HttpContext), HttpContext.RequestAborted);
        return Done(message, error);
    }

    private IActionResult Done(string? message, string? error)
    {
        Message = error is null ? message : null;
        Error = error;
        return Load() ? Page() : Redirect("/lists");
    }

    private bool Load()
    {
        if (_lists.Get(Name) is not { } list)
        {
            return false;
        }

        List = list;
        PageNumber = Math.Max(1, PageNumber);
        (Entries, Matching) = _lists.Entries(Name, InputValues.Blank(Search), (PageNumber - 1) * PageSize, PageSize);
        History = _lists.History(Name, 20);
        return true;
    }
}
