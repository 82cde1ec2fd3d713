using EdgeBlocker.Storage.Lists;

namespace EdgeBlocker.Web.Api;

/// <summary>A page of list entries and how many entries match the search in all.</summary>
public sealed record EntryPage(IReadOnlyList<ListEntry> Entries, long Matching);
