using System.Globalization;
using EdgeBlocker.Storage;
using EdgeBlocker.Storage.Audit;
using EdgeBlocker.Storage.Lists;
using EdgeBlocker.Storage.Subscriptions;
using EdgeBlocker.Sync;
using EdgeBlocker.Sync.Feeds;
using EdgeBlocker.Web.Hosting;

namespace EdgeBlocker.Web.Services;

/// <summary>
/// Lists as the page and the API change them: through the one <see cref="ListStore"/> write path (audited; the host
/// rebuilds the screening snapshot on every change), with input read by the same parser as the CLI's.
/// Errors are values: a message for the admin, nothing changed.
/// </summary>
public sealed class ListService
{
    private readonly EdgeBlockerDatabase _database;
    private readonly IListEntryParser _parser;
    private readonly ListSyncService _sync;

    public ListService(EdgeBlockerDatabase database, IListEntryParser parser, ListSyncService sync)
    {
        _database = database;
        _parser = parser;
        _sync = sync;
    }

    private ListStore Lists => _database.Lists;

    public IReadOnlyList<ListInfo> All() => Lists.All();

    public ListInfo? Get(string name) => Lists.Get(name);

    public string? Create(string? name, string? description, ChangeContext who) =>
        Lists.Create(name?.Trim() ?? string.Empty, ListSource.Manual, description?.Trim() ?? "added on the web page", who).Error;

    public string? Delete(string name, ChangeContext who) => Lists.Delete(name, who).Error;

    public string? SetEnabled(string name, bool enabled, ChangeContext who) => Lists.SetEnabled(name, enabled, who).Error;

    public string? Rollback(string name, ChangeContext who) => Lists.Rollback(name, who).Error;

    /// <summary>The audit entries about a list, newest first: its history.</summary>
    public IReadOnlyList<AuditEntry> History(string name, int limit = 50) => _database.Audit.ForTarget(name, limit);

    /// <summary>A page of a list's entries whose value or reason contains <paramref name="search"/>, and how many match in all.</summary>
    public (IReadOnlyList<ListEntry> Page, long Matching) Entries(string name, string? search, int skip, int limit)
    {
        var page = new List<ListEntry>();
        long matching = 0;
        foreach (var entry in Lists.ReadEntries(name))
        {
            if (search is { Length: > 0 } && !entry.Value.Contains(search, StringComparison.OrdinalIgnoreCase) && !(entry.Reason?.Contains(search, StringComparison.OrdinalIgnoreCase) ?? false))
            {
                continue;
            }

            if (matching >= skip && page.Count < limit)
            {
                page.Add(entry);
            }

            matching++;
        }

        return (page, matching);
    }

    /// <summary>Adds an entry, creating the list as a manual list when it does not exist (as the CLI's add does).</summary>
    public string? AddEntry(string name, EntryInput input, ChangeContext who)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrWhiteSpace(input.Value))
        {
            return "give a number, prefix or pattern";
        }

        var (entry, error) = _parser.ParseEntry(input.Value.Trim(), InputValues.Blank(input.Kind), InputValues.Blank(input.Reason), InputValues.Blank(input.Action) ?? ListActions.Block, InputValues.Blank(input.Response), input.ExpiresAt);
        if (error is not null)
        {
            return error;
        }

        if (Lists.Get(name) is null && Lists.Create(name, ListSource.Manual, "added on the web page", who).Error is { } createError)
        {
            return createError;
        }

        return Lists.AddEntries(name, [entry! with { EffectiveFrom = input.EffectiveFrom }], who).Error;
    }

    public string? RemoveEntry(string name, string? value, string? kind, ChangeContext who)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "give the entry to remove";
        }

        // Stored values are canonical (E.164 for numbers): read the given one the same way, unless it is stored as given.
        var (entry, error) = _parser.ParseEntry(value.Trim(), InputValues.Blank(kind), null, ListActions.Block, null, null);
        var stored = error is null ? (entry!.Kind, entry.Value) : (InputValues.Blank(kind) ?? ListEntryKinds.Exact, value.Trim());
        return Lists.RemoveEntry(name, stored.Item1, stored.Item2, who).Error;
    }

    /// <summary>
    /// Replaces a list with a file's entries through list sync's upload path (the CLI's import and every feed use the
    /// same parse, validate and apply): whole or not at all; the list is created if new; the previous version is kept.
    /// </summary>
    public async Task<(string? Message, string? Error)> ImportAsync(string name, Stream file, string fileName, ChangeContext who, CancellationToken cancellationToken)
    {
        var format = Path.GetExtension(fileName).ToUpperInvariant() switch
        {
            ".CSV" => FeedFormat.Csv,
            ".JSON" => FeedFormat.Json,
            _ => FeedFormat.Plain,
        };
        var run = await _sync.UploadAsync(name, file, format, new FeedDefaults(FeedRole.Block, _parser.DefaultResponse), 0, who, cancellationToken);
        return run.Outcome == SyncOutcome.Applied
            ? (string.Create(CultureInfo.InvariantCulture, $"imported {run.Entries} entries into {name} (version {run.Version}: +{run.Added} -{run.Removed})"), null)
            : (null, $"{fileName}: {run.Error}; nothing imported");
    }

    public bool Export(string name, TextWriter output)
    {
        if (Lists.Get(name) is null)
        {
            return false;
        }

        Csv.Entries(Lists.ReadEntries(name), output);
        return true;
    }
}
